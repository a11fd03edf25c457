package org.tocsin.gateway.twilio;

import org.tocsin.contracts.Channel;

/** Twilio writes a WhatsApp party as {@code whatsapp:+447700900123}; Tocsin keeps the bare E.164 number and the channel. */
final class TwilioAddresses {

    static final String WHATSAPP_PREFIX = "whatsapp:";

    private TwilioAddresses() {
    }

    /** The address Twilio expects for a number on a channel. */
    static String of(String number, Channel channel) {
        return channel == Channel.WHATSAPP && !number.startsWith(WHATSAPP_PREFIX) ? WHATSAPP_PREFIX + number : number;
    }

    static Channel channelOf(String address) {
        return address != null && address.startsWith(WHATSAPP_PREFIX) ? Channel.WHATSAPP : Channel.SMS;
    }

    /** The bare number of a Twilio address, or null for null. */
    static String number(String address) {
        if (address == null) {
            return null;
        }
        return address.startsWith(WHATSAPP_PREFIX) ? address.substring(WHATSAPP_PREFIX.length()) : address;
    }
}
