package org.tocsin.dispatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.tocsin.contracts.Channel;

/** An urgent action as the API shows it. {@code replyWindow} is an ISO-8601 duration. */
record AlertView(UUID id, String title, String body, List<UUID> listIds, Channel channel, String replyWindow,
                 Instant scheduledAt, String thanksText, AlertState state, String createdBy, Instant createdAt,
                 String approvedBy, Instant approvedAt, boolean approvalWaived, String triggeredBy, Instant triggeredAt,
                 Instant replyUntil, String cancelledBy, Instant cancelledAt, Instant completedAt,
                 ProgressView progress) {
}
