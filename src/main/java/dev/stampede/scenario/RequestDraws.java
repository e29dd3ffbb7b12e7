package dev.stampede.scenario;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Which request each arrival of a run sends: its template (by weight), its data row and its variables' values, all
 * a pure function of the run's seed and the arrival's number, so both engines draw alike and a run with the same
 * seed sends the same requests whatever the order its client threads take numbers in.
 *
 * <p>Rows: {@code sequential} takes row {@code n mod rows} for the n-th arrival; {@code random} takes them in a
 * seeded shuffle, a new shuffle on each pass; with {@code onEnd: stop} there is no arrival past the last row
 * ({@link #next} returns {@code null}: arrivals end, and the run ends when what is in flight has ended).
 *
 * <p>Thread-safe: {@link #next} hands out numbers atomically; the rest is pure.
 */
public final class RequestDraws {

    /**
     * One arrival's draw.
     *
     * @param seq       the arrival's number in the run, from 0 ({@code {{seq}}} shows {@code seq + 1})
     * @param template  index of its template in the mix
     * @param row       index of its data row, or -1 without data
     * @param requestId the logical request's id ({@code {{request.id}}}), constant across its attempts
     * @param valueSeed seed of the random source its {@code uuid} and {@code int} variables read
     */
    public record Draw(long seq, int template, int row, String requestId, long valueSeed) {}

    /**
     * One attempt's request, rendered.
     *
     * @param template index of its template in the mix
     * @param headers  header values resolved; secret ones stay marked secret
     * @param body     the body's UTF-8 bytes (its length is the request's size for the server model)
     * @param idempotencyKey the header that carries the logical request's idempotency key (its template's
     *                 {@code idempotencyKey}), or {@code null}
     */
    public record Rendered(int template, String method, String path, List<RequestSpec.Header> headers, byte[] body,
                           String idempotencyKey) {
        /** A rendered request without an idempotency key. */
        public Rendered(int template, String method, String path, List<RequestSpec.Header> headers, byte[] body) {
            this(template, method, path, headers, body, null);
        }

        public int bodyBytes() { return body.length; }
    }

    private final RequestMix mix;
    private final long seed;
    private final double[] cumulative;
    private final AtomicLong next = new AtomicLong();
    private volatile Pass pass;

    /** A pass's shuffle of the rows ({@code random} order). */
    private record Pass(long index, int[] rows) {}

    public RequestDraws(RequestMix mix, long seed) {
        this.mix = mix;
        this.seed = seed;
        List<RequestTemplate> t = mix.templates();
        this.cumulative = new double[t.size()];
        double sum = 0;
        for (int i = 0; i < t.size(); i++) cumulative[i] = sum += t.get(i).weight();
        for (int i = 0; i < t.size(); i++) cumulative[i] /= sum;
    }

    public RequestMix mix() { return mix; }

    /** The next arrival's draw, or {@code null} once a data file read once ({@code onEnd: stop}) is used up. */
    public Draw next() {
        if (exhausted()) return null;
        long seq = next.getAndIncrement();
        return exhaustedAt(seq) ? null : draw(seq);
    }

    /** True once no arrival is left ({@code onEnd: stop} and every row handed out). */
    public boolean exhausted() {
        return exhaustedAt(next.get());
    }

    private boolean exhaustedAt(long seq) {
        DataSpec d = mix.data();
        return d != null && d.onEnd() == DataSpec.OnEnd.STOP && seq >= d.rows().size();
    }

    /** The draw of arrival {@code seq} (from 0); pure. */
    public Draw draw(long seq) {
        SplittableRandom r = new SplittableRandom(mix64(seed ^ 0x6A09E667F3BCC909L, seq));
        int template = 0;
        if (cumulative.length > 1) {
            double u = r.nextDouble();
            while (template < cumulative.length - 1 && u >= cumulative[template]) template++;
        }
        String id = TemplateText.uuid(r);
        long valueSeed = r.nextLong();
        return new Draw(seq, template, row(seq), id, valueSeed);
    }

    private int row(long seq) {
        DataSpec d = mix.data();
        if (d == null) return -1;
        int n = d.rows().size();
        int at = (int) (seq % n);
        if (d.order() == DataSpec.Order.SEQUENTIAL) return at;
        long index = seq / n;
        Pass p = pass;
        if (p == null || p.index() != index) {
            p = new Pass(index, shuffle(n, mix64(seed ^ 0xBB67AE8584CAA73BL, index)));
            pass = p;
        }
        return p.rows()[at];
    }

    private static int[] shuffle(int n, long seed) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        return rows;
    }

    /** Attempt {@code attempt} (from 1) of the request drawn as {@code d}; the same bytes for every attempt unless it uses {@code {{attempt}}}. */
    public Rendered render(Draw d, int attempt) {
        RequestTemplate t = mix.templates().get(d.template());
        Map<String, String> row = d.row() < 0 ? Map.of() : mix.data().rows().get(d.row());
        RandomGenerator random = new SplittableRandom(d.valueSeed());
        TemplateText.Values values = new TemplateText.Values() {
            @Override public long seq() { return d.seq() + 1; }
            @Override public String requestId() { return d.requestId(); }
            @Override public int attempt() { return attempt; }
            @Override public String data(String field) { return row.get(field); }
            @Override public RandomGenerator random() { return random; }
        };
        String path = t.path().render(values, true);
        List<RequestSpec.Header> headers = new ArrayList<>(t.headers().size());
        for (int i = 0; i < t.headers().size(); i++) {
            RequestSpec.Header h = t.request().headers().get(i);
            headers.add(new RequestSpec.Header(h.name(), t.headers().get(i).render(values), h.secret()));
        }
        byte[] body = t.body().render(values).getBytes(StandardCharsets.UTF_8);
        return new Rendered(d.template(), t.request().method(), path, List.copyOf(headers), body, t.request().idempotencyKey());
    }

    /** SplitMix64's finaliser over {@code a} and {@code b}: well mixed, stable across versions. */
    static long mix64(long a, long b) {
        long z = a + (b + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
