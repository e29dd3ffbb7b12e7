package dev.stampede.retry;

import java.util.random.RandomGenerator;

/** A random source that returns the doubles it was given, in order, and fails when asked for more or for anything else. */
final class FixedDraws implements RandomGenerator {
    private final double[] draws;
    private int next;

    FixedDraws(double... draws) { this.draws = draws.clone(); }

    @Override public double nextDouble() {
        if (next >= draws.length) throw new AssertionError("the formula drew more than the " + draws.length + " values the test gave");
        return draws[next++];
    }

    @Override public long nextLong() { throw new AssertionError("backoffs draw doubles only"); }

    int used() { return next; }
}
