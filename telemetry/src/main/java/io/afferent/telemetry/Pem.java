package io.afferent.telemetry;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files as OpenSSL and Mosquitto write them: X.509 certificates, and unencrypted private keys
 * (PKCS#8 {@code PRIVATE KEY}, RSA or EC, or PKCS#1 {@code RSA PRIVATE KEY}), and turns them into the
 * JDK's trust and key managers. Every failure is an {@link IllegalArgumentException} whose message names
 * the file and what is expected, for a configuration error.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private Pem() {
    }

    /** The certificates of a PEM file (a CA file may hold several). */
    public static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate (expected a file with"
                    + " -----BEGIN CERTIFICATE-----, as openssl writes it)");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " holds no certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " " + file + " is not a valid PEM certificate: " + e.getMessage());
        }
    }

    /** An unencrypted private key in PEM. */
    public static PrivateKey privateKey(Path file, String what) {
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " " + file + ": the " + type + " block is not valid base64");
            }
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, file, what);
                }
                case "RSA PRIVATE KEY" -> {
                    if (text.contains("Proc-Type: 4,ENCRYPTED")) {
                        throw encrypted(file, what);
                    }
                    return pkcs8(wrapPkcs1Rsa(der), file, what);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file, what);
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException(what + " " + file + " is an EC key in the"
                        + " SEC1 format; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
                default -> {
                    // EC PARAMETERS and other blocks before the key are skipped.
                }
            }
        }
        throw new IllegalArgumentException(what + " " + file + " holds no PEM private key (expected -----BEGIN PRIVATE"
                + " KEY----- or -----BEGIN RSA PRIVATE KEY-----)");
    }

    /** Trust exactly the certificates of a CA file (a self-signed CA included). */
    public static TrustManagerFactory trustManagers(Path caFile) {
        List<X509Certificate> cas = certificates(caFile, "ca_file");
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("ca_file " + caFile + " cannot be used as a trust store: " + e.getMessage());
        }
    }

    /** A client certificate (chain) and its key, for brokers that ask for one. */
    public static KeyManagerFactory keyManagers(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certFile, "client_cert");
        PrivateKey key = privateKey(keyFile, "client_key");
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("client_key " + keyFile + " is a " + key.getAlgorithm()
                    + " key but client_cert " + certFile + " is for a " + chain.get(0).getPublicKey().getAlgorithm() + " key");
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("client_cert " + certFile + " and client_key " + keyFile
                    + " cannot be used together: " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String what) {
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(what + " " + file + " is not an RSA, EC or Ed25519 private key this JDK can read");
    }

    private static IllegalArgumentException encrypted(Path file, String what) {
        return new IllegalArgumentException(what + " " + file + " is encrypted; give an unencrypted key readable only by"
                + " the service user (openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem)");
    }

    /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an octet string). */
    static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read (permission denied for this user)");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
