package dev.stampede.cli;

/** A mistake the user can fix: printed as the message and the fix, no stack trace; exit {@link ExitCode#USAGE}. */
public final class UserException extends RuntimeException {
    public UserException(String message) { super(message); }

    public UserException(String message, Throwable cause) { super(message, cause); }
}
