package org.tocsin.gateway.send;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Picks the sender number for a recipient: always the same one, so a supporter sees one number and
 * their STOP reaches the sender that texts them. Rendezvous hashing (highest score of
 * hash(sender, recipient)) keeps it stable across restarts and JVMs, and adding a sender to the
 * pool moves only the recipients the new sender wins, not everyone.
 */
final class SenderPool {

    private final List<String> senders;

    SenderPool(List<String> senders) {
        if (senders == null || senders.isEmpty()) {
            throw new IllegalStateException("No sender numbers: set tocsin.twilio.senders (TOCSIN_TWILIO_SENDERS)");
        }
        this.senders = List.copyOf(senders.stream().map(String::strip).toList());
    }

    /** The number a message goes from: the one asked for when it is ours (a reply), else the recipient's own. */
    String senderFor(String recipient, String requested) {
        if (requested != null && senders.contains(requested.strip())) {
            return requested.strip();
        }
        return senderFor(recipient);
    }

    String senderFor(String recipient) {
        String best = null;
        long bestScore = Long.MIN_VALUE;
        for (String sender : senders) {
            long score = score(sender, recipient);
            if (best == null || score > bestScore) {
                best = sender;
                bestScore = score;
            }
        }
        return best;
    }

    List<String> senders() {
        return senders;
    }

    private static long score(String sender, String recipient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sender + "|" + recipient).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
