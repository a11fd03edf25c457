package org.tocsin.subscriber.keyword;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class KeywordRepository {

    private final JdbcClient jdbc;

    KeywordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Keyword> all() {
        return jdbc.sql("SELECT word, language, action, list_id FROM keyword ORDER BY action, language NULLS FIRST, word")
                .query((rs, i) -> new Keyword(rs.getString("word"), rs.getString("language"),
                        KeywordAction.valueOf(rs.getString("action")), rs.getObject("list_id", UUID.class)))
                .list();
    }

    boolean exists(String word) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM keyword WHERE word = ?)").param(word).query(Boolean.class).single();
    }

    boolean listExists(UUID listId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM supporter_list WHERE id = ?)").param(listId)
                .query(Boolean.class).single();
    }

    void insert(Keyword keyword) {
        jdbc.sql("INSERT INTO keyword (word, language, action, list_id) VALUES (?, ?, ?, ?)")
                .params(keyword.word(), keyword.language(), keyword.action().name(), keyword.listId())
                .update();
    }
}
