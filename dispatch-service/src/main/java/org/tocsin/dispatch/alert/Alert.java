package org.tocsin.dispatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.tocsin.contracts.Channel;

/** One urgent_action row with its target lists. */
record Alert(UUID id, String title, String body, List<UUID> listIds, Channel channel, Duration replyWindow,
             Instant scheduledAt, String thanksText, AlertState state, String createdBy, Instant createdAt,
             String approvedBy, Instant approvedAt, boolean approvalWaived, String triggeredBy, Instant triggeredAt,
             String cancelledBy, Instant cancelledAt, Instant completedAt, int fanoutPages, long fanoutHandedOver,
             Instant fanoutFinishedAt) {

    Instant replyUntil() {
        return triggeredAt == null ? null : triggeredAt.plus(replyWindow);
    }
}
