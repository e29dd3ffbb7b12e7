package dev.stampede.run;

/** An engine cannot run this scenario as asked; the message says why and what to do instead (a user's mistake). */
public final class RunRefused extends RuntimeException {
    public RunRefused(String message) { super(message); }
}
