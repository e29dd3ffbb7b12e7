package dev.stampede.ui;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;

/** Chooses the progress display for where the output goes. */
public final class Terminals {

    private Terminals() {}

    /**
     * True only when a person watches: a console exists and (on JDK 22+, where a console exists even when
     * redirected) it is a terminal, and TERM is not {@code dumb}. Measured: JLine builds a real terminal
     * even with stdout redirected, so this is checked before JLine is touched.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) return false;
        if ("dumb".equals(System.getenv("TERM"))) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;  // JDK 21: System.console() is null unless stdin and stdout are terminals
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * The display for these flags: nothing when quiet; the live dashboard on an interactive terminal
     * unless {@code noLive}; otherwise a plain line every 5 s on {@code plainOut}.
     */
    public static Progress choose(boolean quiet, boolean noLive, boolean interactive, PrintWriter plainOut) {
        if (quiet) return Progress.none();
        if (interactive && !noLive) {
            try {
                return new TerminalDashboard();
            } catch (Exception | LinkageError e) {
                // fall through to plain lines
            }
        }
        return new PlainProgress(plainOut, PlainProgress.DEFAULT_EVERY);
    }
}
