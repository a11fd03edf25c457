package org.tocsin.contracts;

/**
 * Redis keys written by one service and read by another. Each is prefixed with the deployment's
 * {@code tocsin.redis.key-prefix}; the services of one deployment must share that prefix.
 */
public final class SharedRedisKeys {

    /**
     * Set of E.164 numbers that opted out of everything. subscriber-service adds a number before it
     * confirms a STOP; the gateway checks it before every send (except the STOP confirmation).
     */
    public static final String SUPPRESSED_PHONES = "suppressed-phones";

    /**
     * Set of cancelled urgent-action ids. dispatch-service adds an id before it answers a cancel;
     * the gateway sends nothing of a cancelled action afterwards.
     */
    public static final String CANCELLED_ACTIONS = "cancelled-actions";

    private SharedRedisKeys() {
    }
}
