package org.tocsin.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A coordinator triggered an urgent action; fan-out starts.
 *
 * @param actionId    the action
 * @param listIds     the lists it targets
 * @param channel     the channel it goes out on
 * @param replyUntil  replies until this instant count as responses
 * @param thanksText  what a supporter who responds is sent, once
 * @param triggeredBy the coordinator's user name
 * @param triggeredAt when
 */
public record UrgentActionTriggered(String actionId, List<String> listIds, Channel channel, Instant replyUntil,
                                    String thanksText, String triggeredBy, Instant triggeredAt) {
}
