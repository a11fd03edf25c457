package org.tocsin.subscriber.reply;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tocsin.contracts.ResponseKind;

@Repository
class ResponseRepository {

    record StoredResponse(UUID supporterId, String phone, ResponseKind kind, String text, Instant respondedAt,
                          Instant updatedAt, int replies) {
    }

    private static final String SELECT = """
            SELECT r.supporter_id, s.phone, r.kind, r.text, r.responded_at, r.updated_at, r.replies
            FROM action_response r JOIN supporter s ON s.id = r.supporter_id""";

    private final JdbcClient jdbc;

    ResponseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True if this is the supporter's first response to the action. */
    boolean insertFirst(String actionId, UUID supporterId, ResponseKind kind, String text, String providerMessageId,
                        Instant at) {
        return jdbc.sql("""
                        INSERT INTO action_response (action_id, supporter_id, kind, text, provider_message_id,
                                                     responded_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (action_id, supporter_id) DO NOTHING""")
                .params(actionId, supporterId, kind.name(), text, providerMessageId, Timestamp.from(at), Timestamp.from(at))
                .update() == 1;
    }

    /** A later reply: the latest text and kind win, the first reply's time stays. */
    void updateLatest(String actionId, UUID supporterId, ResponseKind kind, String text, String providerMessageId,
                      Instant at) {
        jdbc.sql("""
                        UPDATE action_response SET kind = ?, text = ?, provider_message_id = ?, updated_at = ?,
                            replies = replies + 1
                        WHERE action_id = ? AND supporter_id = ?""")
                .params(kind.name(), text, providerMessageId, Timestamp.from(at), actionId, supporterId)
                .update();
    }

    List<StoredResponse> of(String actionId, int offset, int limit) {
        return jdbc.sql(SELECT + " WHERE r.action_id = ? ORDER BY r.responded_at, r.supporter_id OFFSET ? LIMIT ?")
                .params(actionId, offset, limit)
                .query(ResponseRepository::stored)
                .list();
    }

    Optional<StoredResponse> of(String actionId, UUID supporterId) {
        return jdbc.sql(SELECT + " WHERE r.action_id = ? AND r.supporter_id = ?")
                .params(actionId, supporterId)
                .query(ResponseRepository::stored)
                .optional();
    }

    private static StoredResponse stored(ResultSet rs, int row) throws SQLException {
        return new StoredResponse(rs.getObject(1, UUID.class), rs.getString(2), ResponseKind.valueOf(rs.getString(3)),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getInt(7));
    }
}
