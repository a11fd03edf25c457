package org.tocsin.gateway.twilio;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tocsin.contracts.DeliveryStatus;

/**
 * What a Twilio {@code MessageStatus} in a status callback means for Tocsin.
 *
 * <p>Twilio's values: https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
 * <pre>
 * Twilio status        Tocsin            why
 * delivered            DELIVERED         the carrier confirmed delivery to the handset
 * read                 DELIVERED         WhatsApp read receipt: delivered, and more
 * partially_delivered  DELIVERED         some parts reached the handset; nothing more will come
 * undelivered          UNDELIVERED       the carrier could not deliver it (ErrorCode says why)
 * failed               FAILED            never left Twilio (ErrorCode says why)
 * canceled             CANCELLED         a scheduled message cancelled before sending: nothing sent
 * queued, accepted,    (ignored)         steps before the carrier; the gateway announced SENT when
 * scheduled, sending,                    Twilio accepted the request, so they add nothing
 * sent
 * receiving, received  (ignored)         inbound statuses, never on an outbound message
 * </pre>
 */
final class TwilioMessageStatuses {

    private static final Map<String, DeliveryStatus> INFORMATIVE = Map.of(
            "delivered", DeliveryStatus.DELIVERED,
            "read", DeliveryStatus.DELIVERED,
            "partially_delivered", DeliveryStatus.DELIVERED,
            "undelivered", DeliveryStatus.UNDELIVERED,
            "failed", DeliveryStatus.FAILED,
            "canceled", DeliveryStatus.CANCELLED);

    private static final Set<String> KNOWN_UNINFORMATIVE = Set.of(
            "queued", "accepted", "scheduled", "sending", "sent", "receiving", "received");

    private TwilioMessageStatuses() {
    }

    /** The Tocsin status for a Twilio one, or empty when it tells nothing new (or is unknown). */
    static Optional<DeliveryStatus> map(String twilioStatus) {
        return twilioStatus == null
                ? Optional.empty()
                : Optional.ofNullable(INFORMATIVE.get(twilioStatus.strip().toLowerCase(Locale.ROOT)));
    }

    /** Whether Twilio documents this status (an unknown one is worth a log line). */
    static boolean known(String twilioStatus) {
        String status = twilioStatus == null ? "" : twilioStatus.strip().toLowerCase(Locale.ROOT);
        return INFORMATIVE.containsKey(status) || KNOWN_UNINFORMATIVE.contains(status);
    }
}
