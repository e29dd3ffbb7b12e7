package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The live dashboard on a terminal (JLine): per strategy a progress bar, elapsed/total, attempts/s, 529
 * per 1000, in flight, backing off and p99 so far, redrawn in place four times a second (carriage
 * return, then clear to the end of the line). A finished strategy's last line stays, and the next
 * strategy starts on the line below. Build it only when {@link Terminals#interactive}
 * says so: JLine builds a real terminal even with stdout redirected.
 */
public final class TerminalDashboard implements Progress {

    private static final long REFRESH_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    private final Terminal terminal;
    private final Object lock = new Object();
    private volatile Running current;
    private volatile boolean closed;
    private final Thread painter;

    private record Running(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {}

    /** @throws IOException when the system terminal cannot be opened */
    public TerminalDashboard() throws IOException {
        terminal = TerminalBuilder.builder().system(true).build();
        painter = Thread.ofPlatform().daemon(true).name("stampede-dashboard").start(this::paintLoop);
    }

    private void paintLoop() {
        while (!closed) {
            LockSupport.parkNanos(REFRESH_NANOS);
            if (!closed) paint();
        }
    }

    private void paint() {
        synchronized (lock) {
            Running r = current;
            if (r != null) draw(line(r));
        }
    }

    /** Must hold lock. Rewrites the current line, cut to the terminal's width so it never wraps. */
    private void draw(String text) {
        int columns = terminal.getWidth() > 0 ? terminal.getWidth() : 120;
        String cut = text.length() < columns ? text : text.substring(0, Math.max(0, columns - 1));
        terminal.writer().print('\r');
        terminal.writer().print(cut);
        if (!terminal.puts(Capability.clr_eol)) terminal.writer().print(" ".repeat(Math.max(0, columns - 1 - cut.length())));
        terminal.flush();
    }

    private static String line(Running r) {
        RunRecorder.Snapshot s;
        try {
            s = r.snapshots().get();
        } catch (RuntimeException e) {
            return String.format("%-14s", r.strategy());
        }
        return String.format("%-14s %s %s", r.strategy(), ProgressLine.barOrDrain(s, r.plannedNanos(), BAR_WIDTH),
                ProgressLine.figures(s, r.plannedNanos()));
    }

    @Override public void started(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {
        current = new Running(strategy, plannedNanos, snapshots);
        paint();
    }

    @Override public void finished(String strategy) {
        synchronized (lock) {
            Running r = current;
            if (r != null && r.strategy().equals(strategy)) {
                draw(line(r));
                terminal.writer().println();
                terminal.flush();
                current = null;
            }
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        LockSupport.unpark(painter);
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (current != null) {
                draw(line(current));
                terminal.writer().println();
            }
            terminal.flush();
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal is going away with the process anyway
            }
        }
    }
}
