package dev.stampede.ui;

import dev.stampede.metrics.RunRecorder;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The live dashboard on a terminal (JLine): per strategy a progress bar, elapsed/total, attempts/s, 529
 * per 1000, in flight, backing off and p99 so far, redrawn in place four times a second. Finished
 * strategies keep their last line above the running one. Build it only when {@link Terminals#interactive}
 * says so: JLine builds a real terminal even with stdout redirected.
 */
public final class TerminalDashboard implements Progress {

    private static final long REFRESH_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    private final Terminal terminal;
    private final Display display;
    private final List<String> done = new ArrayList<>();
    private final Object lock = new Object();
    private volatile Running current;
    private volatile boolean closed;
    private final Thread painter;

    private record Running(String strategy, long plannedNanos, Supplier<RunRecorder.Snapshot> snapshots) {}

    /** @throws IOException when the system terminal cannot be opened */
    public TerminalDashboard() throws IOException {
        terminal = TerminalBuilder.builder().system(true).dumb(false).build();
        display = new Display(terminal, false);
        Size size = terminal.getSize();
        display.resize(Math.max(1, size.getRows()), size.getColumns() > 0 ? size.getColumns() : 120);
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
            List<AttributedString> lines = new ArrayList<>();
            for (String d : done) lines.add(new AttributedString(d));
            Running r = current;
            if (r != null) lines.add(new AttributedString(line(r)));
            int columns = terminal.getWidth() > 0 ? terminal.getWidth() : 120;
            display.resize(Math.max(lines.size() + 1, terminal.getHeight()), columns);
            display.update(lines.stream().map(l -> l.columnSubSequence(0, Math.min(l.columnLength(), columns - 1))).toList(), -1);
            terminal.flush();
        }
    }

    private static String line(Running r) {
        RunRecorder.Snapshot s;
        try {
            s = r.snapshots().get();
        } catch (RuntimeException e) {
            return String.format("%-14s", r.strategy());
        }
        return String.format("%-14s %s %s", r.strategy(), ProgressLine.bar(s.elapsedNanos(), r.plannedNanos(), BAR_WIDTH),
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
                done.add(line(r));
                current = null;
            }
        }
        paint();
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
            paint();
            terminal.writer().println();
            terminal.flush();
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal is going away with the process anyway
            }
        }
    }
}
