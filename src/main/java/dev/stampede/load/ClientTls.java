package dev.stampede.load;

import dev.stampede.scenario.ClientSpec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Applies a scenario's {@code client:} settings to an {@link HttpClient.Builder}: the HTTP version, and the TLS trust
 * ({@link ClientSpec.Tls}). By default the builder keeps the JDK's trust store and host-name checks; a CA file
 * replaces the trust store with its certificates (host names are still checked); {@code insecure} accepts any
 * certificate for any host name.
 */
public final class ClientTls {

    private ClientTls() {}

    /**
     * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate (the message names the
     *                                  file)
     */
    static HttpClient.Builder apply(HttpClient.Builder b, ClientSpec client) {
        b.version(client.http() == ClientSpec.Http.HTTP_2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        ClientSpec.Tls tls = client.tls();
        if (tls.caFile() != null) b.sslContext(trusting(tls));
        else if (tls.insecure()) b.sslContext(context(new TrustManager[] {new TrustAnything()}));
        return b;
    }

    /**
     * Builds what {@link #apply} would, to report a bad CA file before a run starts.
     *
     * @throws IllegalArgumentException naming the file, when it holds no readable certificate
     */
    public static void check(ClientSpec client) {
        if (client.tls().caFile() != null) trusting(client.tls());
    }

    /** An SSL context that trusts exactly the certificates of the CA file. */
    private static SSLContext trusting(ClientSpec.Tls tls) {
        try (InputStream in = Files.newInputStream(tls.caFile())) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IllegalArgumentException("client.tls.caFile " + tls.caFile() + ": no certificate in it");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) store.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return context(tmf.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("client.tls.caFile " + tls.caFile() + ": not a PEM file of certificates ("
                    + e.getMessage() + ")", e);
        }
    }

    private static SSLContext context(TrustManager[] trust) {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, trust, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts every certificate chain. An {@link X509ExtendedTrustManager} is where the JDK checks the host name too
     * (for the HTTPS endpoint identification the client asks for), so accepting here also skips that check: the
     * explicit {@code insecure: true}, and nothing else, gets this.
     */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
