package dev.stampede.cli;

/** The process exit codes (README, "Exit codes"); k6 users script against 99. */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected error: a bug or an environment problem. */
    public static final int ERROR = 1;
    /** Bad usage or an invalid scenario; nothing was run. */
    public static final int USAGE = 2;
    /** A threshold was crossed, or {@code diff} found a regression. */
    public static final int THRESHOLD = 99;
    /** Interrupted (Ctrl-C / SIGTERM), after writing the partial report. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
