package org.tocsin.twiliosim;

/**
 * What became of a simulated inbound message.
 *
 * @param messageSid the SID the webhook carried as MessageSid / SmsSid / SmsMessageSid
 * @param webhookStatus HTTP status the inbound webhook answered, or {@link #NOT_DELIVERED} when
 *     no webhook is configured or it could not be reached
 */
public record InboundResult(String messageSid, int webhookStatus) {

    public static final int NOT_DELIVERED = -1;

    /** Whether the webhook answered with a 2xx status. */
    public boolean delivered() {
        return webhookStatus >= 200 && webhookStatus < 300;
    }
}
