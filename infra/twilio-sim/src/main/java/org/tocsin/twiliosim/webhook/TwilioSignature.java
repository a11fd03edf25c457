package org.tocsin.twiliosim.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's {@code X-Twilio-Signature}: HMAC-SHA1, keyed with the account's auth token, over the
 * full URL the request is sent to followed by every POST parameter sorted by name (each name
 * immediately followed by its value), base64-encoded.
 */
public final class TwilioSignature {

    private static final String HMAC_SHA1 = "HmacSHA1";

    private final SecretKeySpec key;

    public TwilioSignature(String authToken) {
        Objects.requireNonNull(authToken, "authToken");
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
    }

    /** The signature Twilio would send with a POST of {@code params} to {@code url}. */
    public String sign(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        // Sorted by name in code-unit order, as Twilio's libraries sort.
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(key);
            byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** Whether {@code signature} is the one for {@code url} and {@code params} (constant time). */
    public boolean matches(String url, Map<String, String> params, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(url, params).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    /** One-off {@link #sign}. */
    public static String sign(String authToken, String url, Map<String, String> params) {
        return new TwilioSignature(authToken).sign(url, params);
    }
}
