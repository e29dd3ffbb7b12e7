package dev.stampede.experiment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One row (strategy or policy) of one sweep point over its repeats: every repeat's figures in seed order, and
 * each figure's {@link Summary}.
 *
 * @param row     the row's name
 * @param repeats one entry per repeat, in seed order
 * @param summary per figure, in {@link Figure} order
 */
public record RowSummary(String row, List<Repeat> repeats, Map<Figure, Summary> summary) {

    public RowSummary {
        repeats = List.copyOf(repeats);
        summary = Map.copyOf(summary);
    }

    /**
     * One repeat's figures.
     *
     * @param seed    the seed it ran with
     * @param figures one value per {@link Figure}, indexed by ordinal (NaN when not applicable)
     */
    public record Repeat(long seed, double[] figures) {
        public Repeat {
            if (figures.length != Figure.values().length) throw new IllegalArgumentException("one value per figure");
            figures = figures.clone();
        }

        public double value(Figure f) { return figures[f.ordinal()]; }

        @Override public boolean equals(Object o) {
            return o instanceof Repeat r && r.seed == seed && java.util.Arrays.equals(r.figures, figures);
        }

        @Override public int hashCode() { return Long.hashCode(seed) * 31 + java.util.Arrays.hashCode(figures); }

        @Override public String toString() { return "Repeat[seed=" + seed + ", figures=" + java.util.Arrays.toString(figures) + "]"; }
    }

    /** Summarises the repeats of {@code row}. */
    public static RowSummary of(String row, List<Repeat> repeats) {
        Map<Figure, Summary> summary = new EnumMap<>(Figure.class);
        for (Figure f : Figure.values()) {
            double[] values = repeats.stream().mapToDouble(r -> r.value(f)).toArray();
            // every figure is a count, a ratio, a latency or a time: its interval is cut at 0
            summary.put(f, Summary.of(values, f.isRate()).atLeastZero());
        }
        return new RowSummary(row, repeats, summary);
    }

    public Summary get(Figure f) { return summary.get(f); }
}
