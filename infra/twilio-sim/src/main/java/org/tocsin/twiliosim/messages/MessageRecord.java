package org.tocsin.twiliosim.messages;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One message as the simulator stores it; immutable, replaced as it moves through its statuses.
 *
 * @param sequence creation order within this simulator
 * @param direction {@link #OUTBOUND_API}, {@link #OUTBOUND_REPLY} or {@link #INBOUND}
 * @param price negative USD amount once sent (Twilio's sign convention), else {@code null}
 * @param statusCallback URL for status callbacks, or {@code null}
 * @param validityPeriod seconds the message may wait before it is sent, or {@code null}
 */
public record MessageRecord(
        long sequence,
        String sid,
        String accountSid,
        String direction,
        String to,
        String from,
        String messagingServiceSid,
        String body,
        String status,
        int segments,
        Integer errorCode,
        String errorMessage,
        String price,
        Instant dateCreated,
        Instant dateUpdated,
        Instant dateSent,
        String statusCallback,
        Integer validityPeriod) {

    public static final String OUTBOUND_API = "outbound-api";
    public static final String INBOUND = "inbound";
    /** Twilio's own answer to a keyword (its STOP confirmation), not sent by the system. */
    public static final String OUTBOUND_REPLY = "outbound-reply";
    public static final String API_VERSION = "2010-04-01";

    /** What a US long-code SMS segment costs, as Twilio prices it. */
    private static final BigDecimal PRICE_PER_SEGMENT = new BigDecimal("0.00790");

    private static final Map<Integer, String> ERROR_MESSAGES = Map.of(
            30001, "Queue overflow",
            30002, "Account suspended",
            30003, "Unreachable destination handset",
            30004, "Message blocked",
            30005, "Unknown destination handset",
            30006, "Landline or unreachable carrier",
            30007, "Message filtered",
            30008, "Unknown error",
            30036, "Validity Period Expired");

    /** A fresh message SID: {@code SM} and 32 hex digits. */
    public static String newSid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "SM" + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
    }

    /** A message a phone sent to one of the system's numbers. */
    public static MessageRecord inbound(long sequence, String sid, String accountSid, String from, String to,
            String body, int segments, Instant at) {
        return new MessageRecord(sequence, sid, accountSid, INBOUND, to, from, null, body, "received", segments,
                null, null, null, at, at, at, null, null);
    }

    /** The system sent it through the API. */
    public boolean isOutbound() {
        return OUTBOUND_API.equals(direction);
    }

    /** It went to a phone from one of the system's numbers: the system's messages and Twilio's own replies. */
    public boolean reachesPhone() {
        return isOutbound() || OUTBOUND_REPLY.equals(direction);
    }

    /** Twilio's automatic reply from {@code from} (a system number) to {@code to} (the phone that wrote). */
    public static MessageRecord autoReply(long sequence, String sid, String accountSid, String from, String to,
            String body, int segments, Instant at) {
        return new MessageRecord(sequence, sid, accountSid, OUTBOUND_REPLY, to, from, null, body, "delivered", segments,
                null, null, null, at, at, at, null, null);
    }

    /** This message moved on to {@code newStatus} at {@code at}. */
    MessageRecord advance(String newStatus, Integer newErrorCode, Instant at) {
        Instant sentAt = dateSent;
        String newPrice = price;
        if ("sent".equals(newStatus)) {
            sentAt = at;
            newPrice = PRICE_PER_SEGMENT.multiply(BigDecimal.valueOf(segments)).negate().toPlainString();
        }
        String newErrorMessage = newErrorCode == null
                ? null
                : ERROR_MESSAGES.getOrDefault(newErrorCode, "Message delivery failed");
        return new MessageRecord(sequence, sid, accountSid, direction, to, from, messagingServiceSid, body, newStatus,
                segments, newErrorCode, newErrorMessage, newPrice, dateCreated, at, sentAt, statusCallback,
                validityPeriod);
    }
}
