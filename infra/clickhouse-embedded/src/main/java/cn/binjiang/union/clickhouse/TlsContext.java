package cn.binjiang.union.clickhouse;

import cn.binjiang.union.settings.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity from PEM files, as ClickHouse's certificateFile/privateKeyFile: a certificate
 * (chain) and an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}, what {@code openssl req -nodes}
 * writes). Any problem fails at start naming the option.
 */
final class TlsContext {
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "EdDSA");

    private TlsContext() {}

    static SSLContext load(Path certificateFile, Path privateKeyFile) {
        Certificate[] chain = certificates(certificateFile);
        PrivateKey key = privateKey(privateKeyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] transientPassword = new char[0];
            store.setKeyEntry("server", key, transientPassword, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, transientPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(
                    "--tls-private-key " + privateKeyFile + " does not match --tls-certificate " + certificateFile
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private static Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new ConfigurationException("--tls-certificate " + file + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException(
                    "--tls-certificate " + file + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigurationException("--tls-private-key " + file + " cannot be read: " + e.getMessage(), e);
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new ConfigurationException(
                    "--tls-private-key " + file + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY);"
                            + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pkcs8.pem");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException ignored) {
                // the key is of another algorithm: try the next one
            }
        }
        throw new ConfigurationException("--tls-private-key " + file + " is not an RSA, EC or EdDSA key");
    }
}
