package org.tocsin.contracts;

import java.util.List;

/**
 * Kafka topic names. Every topic that carries a supporter's messages is keyed by the supporter's
 * phone number in E.164, so one supporter's events stay in order on one partition.
 */
public final class Topics {

    /** {@link InboundMessageReceived}: what supporters texted us, keyed by sender phone. */
    public static final String INBOUND = "tocsin.inbound.v1";

    /** {@link OutboundMessageRequested} for replies to a supporter (confirmations, HELP, thanks). */
    public static final String OUTBOUND_TRANSACTIONAL = "tocsin.outbound.transactional.v1";

    /** {@link OutboundMessageRequested} for urgent-action fan-out. */
    public static final String OUTBOUND_URGENT = "tocsin.outbound.urgent.v1";

    /** {@link OutboundMessageRequested} for low-priority bulk sends. */
    public static final String OUTBOUND_BULK = "tocsin.outbound.bulk.v1";

    /** {@link OutboundMessageRetryScheduled}: transient failures waiting for their next attempt. */
    public static final String OUTBOUND_RETRY = "tocsin.outbound.retry.v1";

    /** {@link OutboundMessageDeadLettered}: sends that exhausted their attempts. */
    public static final String OUTBOUND_DEAD_LETTER = "tocsin.outbound.dead-letter.v1";

    /** {@link MessageStatusChanged}: provider delivery reports, keyed by recipient phone. */
    public static final String MESSAGE_STATUS = "tocsin.message-status.v1";

    /** {@link ConsentChanged}: compacted, keyed by supporter and list, the latest consent wins. */
    public static final String CONSENT = "tocsin.consent.v1";

    /** {@link UrgentActionTriggered} and {@link UrgentActionCancelled}, keyed by action id. */
    public static final String URGENT_ACTIONS = "tocsin.urgent-actions.v1";

    /** {@link ResponseRecorded}: supporters' answers to urgent actions, keyed by action id. */
    public static final String RESPONSES = "tocsin.responses.v1";

    /** {@link OptOutReportedByProvider}, keyed by phone. */
    public static final String PROVIDER_OPT_OUTS = "tocsin.provider-opt-outs.v1";

    /** {@link ListChanged}: compacted, keyed by list id. */
    public static final String LISTS = "tocsin.lists.v1";

    /** {@link ApiUserChanged}: compacted, keyed by user name. */
    public static final String API_USERS = "tocsin.api-users.v1";

    /** Every topic, for creating them at start-up. */
    public static final List<String> ALL = List.of(INBOUND, OUTBOUND_TRANSACTIONAL, OUTBOUND_URGENT,
            OUTBOUND_BULK, OUTBOUND_RETRY, OUTBOUND_DEAD_LETTER, MESSAGE_STATUS, CONSENT, URGENT_ACTIONS, RESPONSES,
            PROVIDER_OPT_OUTS, LISTS, API_USERS);

    /**
     * The topics dispatch-service's consumer group reads. Who starts or moves that group's offsets
     * (the bench, an operator) needs the list; dispatch's tests check it against its listeners.
     */
    public static final List<String> READ_BY_DISPATCH = List.of(MESSAGE_STATUS, CONSENT, LISTS, RESPONSES,
            OUTBOUND_DEAD_LETTER);

    /** The topics subscriber-service's consumer group reads; its tests check this against its listeners. */
    public static final List<String> READ_BY_SUBSCRIBER = List.of(INBOUND, MESSAGE_STATUS, URGENT_ACTIONS,
            PROVIDER_OPT_OUTS);

    /** Topics whose old values may be dropped once a newer value for the same key exists. */
    public static final List<String> COMPACTED = List.of(CONSENT, LISTS, API_USERS);

    private Topics() {
    }

    /** The outbound topic for a lane. */
    public static String outbound(Lane lane) {
        return switch (lane) {
            case TRANSACTIONAL -> OUTBOUND_TRANSACTIONAL;
            case URGENT -> OUTBOUND_URGENT;
            case BULK -> OUTBOUND_BULK;
        };
    }
}
