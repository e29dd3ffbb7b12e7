package dev.stampede.cli;

/** A command whose engine has not been built yet: says so plainly (exit 1) instead of printing fake output. */
final class NotAvailableYet extends RuntimeException {
    NotAvailableYet(String command) {
        super("'stampede " + command + "' is not available yet in this build");
    }
}
