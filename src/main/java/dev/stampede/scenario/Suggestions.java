package dev.stampede.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": the nearest known name by edit distance, when it is near enough to be a typo. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The candidate closest to {@code given} (case-insensitive Levenshtein distance), if that distance is
     * at most a third of the longer name (at least 2): {@code maxAtempts} finds {@code maxAttempts},
     * {@code colour} finds nothing among {@code rate, stages}.
     */
    public static Optional<String> nearest(String given, Collection<String> candidates) {
        String best = closest(given, candidates);
        if (best == null) return Optional.empty();
        String g = given.toLowerCase(Locale.ROOT);
        int bestDistance = distance(g, best.toLowerCase(Locale.ROOT));
        int allowed = Math.max(2, Math.max(g.length(), best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean X?)", or "" when nothing is near. */
    static String didYouMean(String given, Collection<String> candidates) {
        return nearest(given, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    /** The nearest candidate whatever the distance (case-insensitive), for lists short enough to show whole. */
    public static String closest(String given, Collection<String> candidates) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(g, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance (case-sensitive). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
