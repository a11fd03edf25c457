package org.tocsin.twiliosim.optout;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who opted out of which sender, as Twilio tracks it for long codes: an inbound message whose
 * whole body (trimmed, any case) is an opt-out keyword blocks that sender for that phone until an
 * opt-in keyword arrives. Sends to a blocked pair are refused with error 21610.
 */
public final class OptOutRegistry {

    /** Twilio's default English opt-out keywords. */
    public static final Set<String> OPT_OUT_KEYWORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    /** Twilio's default opt-in keywords. */
    public static final Set<String> OPT_IN_KEYWORDS = Set.of("START", "UNSTOP", "YES");

    /** What an inbound message did to the recipient's opt-out state. */
    public enum Change {
        OPTED_OUT,
        OPTED_IN,
        NONE
    }

    /** phone -> senders it opted out of. */
    private final Map<String, Set<String>> blocked = new ConcurrentHashMap<>();

    /** Applies an inbound message from {@code phone} to {@code sender}. */
    public Change onInbound(String phone, String sender, String body) {
        String keyword = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT_KEYWORDS.contains(keyword)) {
            blocked.compute(phone, (p, senders) -> {
                Set<String> updated = senders == null ? ConcurrentHashMap.newKeySet() : senders;
                updated.add(sender);
                return updated;
            });
            return Change.OPTED_OUT;
        }
        if (OPT_IN_KEYWORDS.contains(keyword)) {
            blocked.computeIfPresent(phone, (p, senders) -> {
                senders.remove(sender);
                return senders.isEmpty() ? null : senders;
            });
            return Change.OPTED_IN;
        }
        return Change.NONE;
    }

    /**
     * Whether a message to {@code phone} is blocked. From a number: when the phone opted out of
     * that number. Through a Messaging Service only ({@code sender == null}): when it opted out of
     * any number, because the simulator does not know which numbers a service owns.
     */
    public boolean isBlocked(String phone, String sender) {
        Set<String> senders = blocked.get(phone);
        if (senders == null) {
            return false;
        }
        return sender == null ? !senders.isEmpty() : senders.contains(sender);
    }

    public void clear() {
        blocked.clear();
    }
}
