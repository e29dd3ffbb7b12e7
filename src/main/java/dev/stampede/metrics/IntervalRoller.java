package dev.stampede.metrics;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Closes the seconds of {@link IntervalRecorder}s on behalf of virtual threads: one daemon platform thread for the
 * process, started on first use. Why: closing a second calls HdrHistogram's {@code Recorder.getIntervalHistogram},
 * which is {@code synchronized} and waits (yield and sleep) for recording threads to leave their critical sections;
 * on JDK 21 a virtual thread doing that pins its carrier, and a client thread should not pay for it anyway.
 * A request is an offer to a queue (a {@code ReentrantLock} inside, never a monitor); the thread that asked goes on
 * recording at once.
 */
final class IntervalRoller {

    private IntervalRoller() {}

    /** Asks the roller thread to close {@code recorder}'s seconds up to its requested second. Never blocks for long. */
    static void request(IntervalRecorder recorder) {
        Holder.QUEUE.offer(recorder);
    }

    /** The queue and its thread, created when the first request comes (the holder idiom: no lock of ours). */
    private static final class Holder {
        static final BlockingQueue<IntervalRecorder> QUEUE = new LinkedBlockingQueue<>();

        static {
            Thread t = Thread.ofPlatform().name("stampede-interval-roller").daemon(true).unstarted(Holder::loop);
            t.start();
        }

        private static void loop() {
            while (true) {
                try {
                    QUEUE.take().rollRequested();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a recorder's failure must not end the roller of every other run; its seconds stay unclosed
                    // and are closed by its freeze at the run's end
                }
            }
        }
    }
}
