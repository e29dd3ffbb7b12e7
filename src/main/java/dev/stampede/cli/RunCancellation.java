package dev.stampede.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM during {@code run}/{@code sim}: the signal cancels the run, and the process waits
 * until the partial report and every file asked for are written, then exits 130. Tests cancel in-process
 * with {@link #cancel()} and never install the hook. Thread-safe.
 */
final class RunCancellation implements AutoCloseable {

    /** How long a signalled process waits for the partial report before giving up on it. */
    static final long REPORT_WAIT_SECONDS = 60;

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch reportWritten = new CountDownLatch(1);
    private Thread hook;

    /** A cancellation only {@link #cancel()} triggers. */
    static RunCancellation inProcess() { return new RunCancellation(); }

    /** A cancellation that Ctrl-C and SIGTERM trigger (a JVM shutdown hook, removed by {@link #close()}). */
    static RunCancellation onSignals() {
        RunCancellation c = new RunCancellation();
        c.hook = new Thread(c::onShutdown, "stampede-interrupt");
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    private void onShutdown() {
        cancel();
        try {
            if (reportWritten.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // The JVM would exit 143 after SIGTERM; the contract is 130 for any interruption.
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void cancel() { cancelled.set(true); }

    boolean cancelled() { return cancelled.get(); }

    /** Everything asked for is written (or failed to be): a signalled process may now exit. */
    void reportWritten() { reportWritten.countDown(); }

    @Override public void close() {
        reportWritten();
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutdown already under way: the hook is running and exits once the report is written
        }
    }
}
