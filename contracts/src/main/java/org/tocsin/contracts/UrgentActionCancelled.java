package org.tocsin.contracts;

import java.time.Instant;

/**
 * A coordinator cancelled an urgent action: nothing not yet handed to a provider may be sent.
 *
 * @param actionId    the action
 * @param cancelledBy the coordinator's user name
 * @param cancelledAt when
 */
public record UrgentActionCancelled(String actionId, String cancelledBy, Instant cancelledAt) {
}
