package dev.stampede.sim;

/**
 * The wire of a simulated run: every message takes one network delay ({@code sim.network}), and the client's
 * per-attempt timeout races the answer. A message to the server that arrives after the attempt's timeout still
 * reaches the server (as an orphan: nobody waits for its answer) while the client times out first. Single-threaded.
 */
final class SimWire {

    private final Agenda agenda;
    private final RequestTable requests;
    private final NetworkModel network;

    /** Each attempt's timeout is its request's ({@link RequestTable#timeoutNanos}: its template's). */
    SimWire(Agenda agenda, RequestTable requests, NetworkModel network) {
        this.agenda = agenda;
        this.requests = requests;
        this.network = network;
    }

    /** One message's delay, drawn from the network model. */
    long delayNanos() { return network.delayNanos(); }

    /** When the current attempt of {@code slot} times out at its client. */
    long deadlineOf(int slot) { return requests.attemptSentNanos[slot] + requests.timeoutNanos[slot]; }

    /**
     * A message to the server arriving at {@code atNanos}. When it arrives after the attempt's timeout, the
     * server still gets it (as {@code orphanKind}, carrying {@code orphanValue}) but the client times out first.
     */
    void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue) {
        toServer(slot, atNanos, kind, orphanKind, orphanValue, slot);
    }

    /** As above, the message carrying {@code value} (a capacity-model attempt: its server ticket). */
    void toServer(int slot, long atNanos, int kind, int orphanKind, int orphanValue, int value) {
        long deadline = deadlineOf(slot);
        if (atNanos > deadline) {
            agenda.schedule(atNanos, orphanKind, orphanValue);
            agenda.schedule(deadline, SimRun.TIMEOUT, slot);
        } else {
            agenda.schedule(atNanos, kind, value);
        }
    }

    /** An answer reaching the client at {@code atNanos}, unless the attempt's timeout fires first. */
    void toClient(int slot, long atNanos, int kind) {
        long deadline = deadlineOf(slot);
        agenda.schedule(Math.min(atNanos, deadline), atNanos > deadline ? SimRun.TIMEOUT : kind, slot);
    }
}
