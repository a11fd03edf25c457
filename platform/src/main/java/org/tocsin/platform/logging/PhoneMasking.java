package org.tocsin.platform.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers: a supporter's number in a log, or in an analyst's view, can put them in
 * danger. Keeps the country code (up to three digits) and the last two digits.
 */
public final class PhoneMasking {

    // An optional +, then 8 to 15 digits possibly split by single spaces, dots or dashes, not inside a longer
    // token: not next to a letter or digit, nor joined by a dash to one (a UUID's groups are not numbers).
    private static final Pattern PHONE =
            Pattern.compile("(?<![\\w+]|\\w-)\\+?\\d(?:[ .-]?\\d){7,14}(?![\\w]|-\\w)");

    private PhoneMasking() {
    }

    /** Masks one phone number, e.g. {@code +447700900123} becomes {@code +44*******23}. */
    public static String mask(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.length() < 5) {
            return "*".repeat(digits.length());
        }
        boolean plus = phone.strip().startsWith("+");
        int keepStart = plus ? Math.min(countryCodeLength(digits), digits.length() - 4) : 0;
        int keepEnd = 2;
        return (plus ? "+" : "") + digits.substring(0, keepStart)
                + "*".repeat(digits.length() - keepStart - keepEnd)
                + digits.substring(digits.length() - keepEnd);
    }

    /** Masks every phone number found in free text (log lines, exception messages). */
    public static String maskAll(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = PHONE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(mask(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    // E.164 country codes: 1 and 7 are one digit; the 2x..9x zones use two or three.
    private static int countryCodeLength(String digits) {
        char first = digits.charAt(0);
        if (first == '1' || first == '7') {
            return 1;
        }
        String two = digits.substring(0, 2);
        return switch (two) {
            case "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
                 "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
                 "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98" -> 2;
            default -> 3;
        };
    }
}
