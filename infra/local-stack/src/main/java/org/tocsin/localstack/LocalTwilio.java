package org.tocsin.localstack;

import java.util.List;

/** Twilio credentials the simulator and the gateway share on a developer's machine; never real ones. */
final class LocalTwilio {

    static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
    static final String AUTH_TOKEN = "tocsin-local-auth-token";
    /** Twilio's magic test numbers: valid E.164, never a real supporter's phone. */
    static final List<String> DEFAULT_SENDERS = List.of("+15005550006", "+15005550007");

    private LocalTwilio() {
    }
}
