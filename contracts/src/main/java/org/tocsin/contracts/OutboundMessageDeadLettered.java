package org.tocsin.contracts;

import java.time.Instant;

/**
 * A send that will not be tried again, with why.
 *
 * @param request   the original request
 * @param reason    human-readable reason
 * @param errorCode provider error code, if any
 * @param attempts  how many attempts were made
 * @param at        when it was given up
 */
public record OutboundMessageDeadLettered(OutboundMessageRequested request, String reason, String errorCode,
                                          int attempts, Instant at) {
}
