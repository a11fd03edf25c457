package org.tocsin.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Message ids derived from what caused a message ("&lt;action&gt;:&lt;supporter&gt;", "reply:&lt;sid&gt;"):
 * a cause handled twice yields the same id, and the gateway sends each id once.
 */
public final class MessageIds {

    /** One MD5 per thread: looking the algorithm up for every message cost more than hashing. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    });

    private MessageIds() {
    }

    /** The same value as {@code UUID.nameUUIDFromBytes(cause in UTF-8)} (a version 3 UUID), as text. */
    public static String of(String cause) {
        byte[] md5 = MD5.get().digest(cause.getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30);
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(md5);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
