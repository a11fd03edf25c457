package org.tocsin.subscriber.supporter;

import java.util.regex.Pattern;

/** Phone numbers are E.164 everywhere: a plus, a country code, at most 15 digits. */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private PhoneNumbers() {
    }

    public static boolean isE164(String phone) {
        return phone != null && E164.matcher(phone).matches();
    }
}
