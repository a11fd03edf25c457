package org.tocsin.dispatch.alert;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.sms.SmsSegments;

/**
 * What triggering the action now would send and cost.
 *
 * @param recipients          distinct subscribed supporters across the target lists
 * @param perMessage          the longest message of the audience (the worst case), see its basis
 * @param messagesByEncoding  how many of the personalised messages go as GSM-7 and as UCS-2
 * @param totalSegments       SMS segments of all messages, counted per recipient (for WhatsApp: messages)
 * @param estimatedCost       total segments priced by destination prefix
 */
record PreviewView(UUID alertId, Channel channel, long recipients, MessageSize perMessage,
                   Map<SmsSegments.Encoding, Long> messagesByEncoding, long totalSegments, Cost estimatedCost) {

    /**
     * One message's size.
     *
     * @param encoding GSM_7 or UCS_2
     * @param units    septets (GSM-7) or UTF-16 code units (UCS-2)
     * @param segments SMS segments it takes (WhatsApp: 1)
     * @param basis    which message this is: {@code LONGEST_IN_AUDIENCE} (the body filled with each
     *                 recipient's first name, capped at {@code firstNameMaxLength}; the costliest kept),
     *                 {@code NOT_PERSONALISED} (the body as written: every message is the same) or
     *                 {@code FALLBACK_NAME} (no recipients: the body filled with the fallback name)
     */
    record MessageSize(SmsSegments.Encoding encoding, int units, int segments, String basis, int firstNameMaxLength) {
    }

    /**
     * @param unit     {@code SMS_SEGMENT} or {@code WHATSAPP_MESSAGE}
     * @param byPrefix the amount per matched price-table prefix ({@code default} for the rest)
     */
    record Cost(String currency, BigDecimal amount, String unit, List<PrefixCost> byPrefix) {
    }

    record PrefixCost(String prefix, long recipients, long units, BigDecimal pricePerUnit, BigDecimal amount) {
    }
}
