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
        System.exit(code);
    }
}
