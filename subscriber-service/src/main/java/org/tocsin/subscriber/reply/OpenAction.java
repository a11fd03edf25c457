package org.tocsin.subscriber.reply;

import java.time.Instant;

/** An urgent action a supporter got and may still answer. */
public record OpenAction(String actionId, Instant sentAt, String thanksText) {
}
