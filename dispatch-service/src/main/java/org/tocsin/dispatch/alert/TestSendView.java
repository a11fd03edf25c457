package org.tocsin.dispatch.alert;

import org.tocsin.contracts.sms.SmsSegments;

/** A test message on its way; {@code to} is masked. */
record TestSendView(String messageId, String to, String body, SmsSegments.Encoding encoding, int segments) {
}
