package dev.stampede.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code stampede} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = StampedeCommand.execute(args, out, err);
        out.flush();
        err.flush();
        // System.exit looks up the JDK's logger for Runtime.exit first, which costs a short command such as --help
        // tens of milliseconds of its start-up (docs/engine.md, "Start-up"). A success returns instead when no other
        // thread of ours is alive (the JVM then exits 0 after the same shutdown hooks); with one alive, a non-daemon
        // thread would keep the JVM running, so System.exit ends it as before.
        if (code == ExitCode.OK && Thread.activeCount() == 1) return;
        System.exit(code);
    }
}
