package org.tocsin.contracts;

import java.time.Instant;

/**
 * A send failed transiently and will be tried again, not before {@code notBefore}.
 *
 * @param request       the original request, unchanged (same message id)
 * @param attempt       the attempt that comes next, starting at 2
 * @param notBefore     earliest time of the next attempt (exponential backoff with jitter)
 * @param lastErrorCode the provider's code for the last failure
 */
public record OutboundMessageRetryScheduled(OutboundMessageRequested request, int attempt, Instant notBefore,
                                            String lastErrorCode) {
}
