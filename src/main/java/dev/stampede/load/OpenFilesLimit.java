package dev.stampede.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;

/**
 * Checks the process's open-files limit against a run's planned connections before it starts, so a run
 * says what to do instead of failing midway with "too many open files". Every HTTP/1.1 connection holds one
 * socket on the client (one per concurrent request without a connection limit); the embedded mock, in the same
 * process, holds the other end.
 */
public final class OpenFilesLimit {

    /** Descriptors kept aside for the JVM, jars, the listening socket and report files. */
    public static final long RESERVE = 128;

    private OpenFilesLimit() {}

    /** The process's limit on open files, or -1 when the platform does not tell. */
    public static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) return unix.getMaxFileDescriptorCount();
        return -1;
    }

    /** Descriptors a run needs at worst: one per concurrent request, two when the mock runs in-process. */
    public static long needed(long concurrency, boolean embeddedMock) {
        return concurrency * (embeddedMock ? 2 : 1) + RESERVE;
    }

    /**
     * @param concurrency  the most connections at once: {@code client.connections} when it is the lower, else the most
     *                     requests in flight (open: maxInFlight; closed and herd: clients)
     * @param what         the setting that sets it, for the message ({@code client.connections}, {@code load.maxInFlight},
     *                     {@code load.clients})
     * @param limit        the open-files limit ({@link #limit()}), or -1 to skip the check
     * @return what is wrong and what to do, or empty when the run fits
     */
    public static Optional<String> problem(long concurrency, String what, boolean embeddedMock, long limit) {
        long needed = needed(concurrency, embeddedMock);
        if (limit < 0 || needed <= limit) return Optional.empty();
        long fits = Math.max(1, (limit - RESERVE) / (embeddedMock ? 2 : 1));
        return Optional.of("the open-files limit is " + limit + " but " + what + "=" + concurrency + " may need " + needed
                + " sockets" + (embeddedMock ? " (each connection holds one on the client and one in the embedded mock)" : "")
                + ". Lower " + what + " to at most " + fits + (what.equals("load.clients") ? " (e.g. --clients " + fits + ")" : "")
                + (what.equals("client.connections") ? "" : ", set client.connections (requests then wait for a free one)")
                + ", raise the limit (ulimit -n "
                + needed + ")" + (embeddedMock ? ", or run 'stampede mock' in another process and pass --target" : "")
                + ", or split the load with --shard I/N across processes.");
    }
}
