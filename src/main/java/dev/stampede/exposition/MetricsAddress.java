package dev.stampede.exposition;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the metrics endpoint listens. Parsed from {@code PORT}, {@code :PORT}, {@code HOST:PORT} or
 * {@code [IPv6]:PORT}; a bare port binds the loopback address {@code 127.0.0.1}, so the endpoint is reachable
 * from other hosts only when a host was asked for explicitly.
 *
 * @param host         the address to bind
 * @param port         0..65535 (0: any free port, the bound one is printed)
 * @param explicitHost the host was given by the user (not the loopback default)
 */
public record MetricsAddress(InetAddress host, int port, boolean explicitHost) {

    private static final Pattern FORM = Pattern.compile("(?:(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]]*):)?(\\d{1,5})");

    public MetricsAddress {
        if (host == null) throw new IllegalArgumentException("host is null");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }

    /**
     * @throws IllegalArgumentException with what is wrong and the expected forms, when {@code text} is not one of them
     *                                  or its host does not resolve
     */
    public static MetricsAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = FORM.matcher(t);
        String expected = "expected PORT, HOST:PORT or [IPv6]:PORT such as 9464 or 127.0.0.1:9464, got '" + text + "'";
        if (!m.matches()) throw new IllegalArgumentException(expected);
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        String host = m.group(1);
        if (host == null || host.isEmpty()) return new MetricsAddress(InetAddress.getLoopbackAddress(), port, false);
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        try {
            return new MetricsAddress(InetAddress.getByName(host), port, true);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "' (" + expected + ")");
        }
    }

    /** True when only this machine can reach the address (127.0.0.0/8, ::1). */
    public boolean loopback() { return host.isLoopbackAddress(); }
}
