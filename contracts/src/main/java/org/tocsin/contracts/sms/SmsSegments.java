package org.tocsin.contracts.sms;

import java.util.Objects;

/**
 * Counts the SMS segments a body takes, the way carriers and Twilio bill it: the gateway's token
 * cost, the dispatch preview and the Twilio simulator must all agree on this number.
 *
 * <p>A body that fits the GSM 03.38 default alphabet (plus its extension table) is sent as GSM-7:
 * 160 septets in a single segment, 153 per segment once split (the rest is the concatenation
 * header). Any other character forces UCS-2: 70 UTF-16 code units single, 67 per segment split.
 * An extension character (two septets: escape + char) and a surrogate pair (two code units) are
 * never split across segments, so a segment may end up one unit short.
 */
public final class SmsSegments {

    /** Septets in a single GSM-7 message. */
    public static final int GSM_7_SINGLE = 160;
    /** Septets per segment of a multipart GSM-7 message. */
    public static final int GSM_7_PER_SEGMENT = 153;
    /** UTF-16 code units in a single UCS-2 message. */
    public static final int UCS_2_SINGLE = 70;
    /** UTF-16 code units per segment of a multipart UCS-2 message. */
    public static final int UCS_2_PER_SEGMENT = 67;

    /** GSM 03.38 default alphabet: one septet each (0x1B, the escape, is not a character). */
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: two septets each (escape + character). */
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    /** Lookup for chars below this bound; the few above it are checked by search. */
    private static final int TABLE_SIZE = 0x400;
    private static final byte[] SEPTETS = new byte[TABLE_SIZE];

    static {
        for (char c : GSM_BASIC.toCharArray()) {
            if (c < TABLE_SIZE) {
                SEPTETS[c] = 1;
            }
        }
        for (char c : GSM_EXTENSION.toCharArray()) {
            if (c < TABLE_SIZE) {
                SEPTETS[c] = 2;
            }
        }
    }

    private SmsSegments() {
    }

    /** How a body travels over the air. */
    public enum Encoding {
        GSM_7,
        UCS_2
    }

    /**
     * The count for one body.
     *
     * @param encoding GSM-7 when every character is in the GSM 03.38 tables, else UCS-2
     * @param units septets (GSM-7, an extension character counts 2) or UTF-16 code units (UCS-2,
     *     an emoji counts 2)
     * @param segments billable segments, at least 1 (an empty body is still one message)
     */
    public record Count(Encoding encoding, int units, int segments) {
    }

    /** Counts {@code text}; {@code null} is treated as an empty body. */
    public static Count count(String text) {
        String body = text == null ? "" : text;
        return isGsm7(body) ? countGsm7(body) : countUcs2(body);
    }

    /** Whether every character of {@code text} fits the GSM 03.38 default and extension tables. */
    public static boolean isGsm7(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static Count countGsm7(String body) {
        int total = 0;
        for (int i = 0; i < body.length(); i++) {
            total += septets(body.charAt(i));
        }
        if (total <= GSM_7_SINGLE) {
            return new Count(Encoding.GSM_7, total, 1);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < body.length(); i++) {
            int width = septets(body.charAt(i));
            if (used + width > GSM_7_PER_SEGMENT) {
                segments++;
                used = 0;
            }
            used += width;
        }
        return new Count(Encoding.GSM_7, total, segments);
    }

    private static Count countUcs2(String body) {
        int total = body.length();
        if (total <= UCS_2_SINGLE) {
            return new Count(Encoding.UCS_2, total, 1);
        }
        int segments = 1;
        int used = 0;
        int i = 0;
        while (i < body.length()) {
            int width = isSurrogatePairAt(body, i) ? 2 : 1;
            if (used + width > UCS_2_PER_SEGMENT) {
                segments++;
                used = 0;
            }
            used += width;
            i += width;
        }
        return new Count(Encoding.UCS_2, total, segments);
    }

    private static boolean isSurrogatePairAt(String body, int i) {
        return Character.isHighSurrogate(body.charAt(i))
                && i + 1 < body.length()
                && Character.isLowSurrogate(body.charAt(i + 1));
    }

    /** Septets of one char in GSM-7, or 0 when it has no GSM-7 form. */
    private static int septets(char c) {
        if (c < TABLE_SIZE) {
            return SEPTETS[c];
        }
        if (GSM_BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 0;
    }
}
