package org.tocsin.subscriber.keyword;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keywords the V2 migration seeds, read from the migration itself so the tests cover exactly those. */
final class SeededKeywords {

    static final String MIGRATION = "db/migration/V2__keywords_lists_and_consent_rules.sql";
    private static final Pattern ROW = Pattern.compile(
            "\\('([^']+)', (NULL|'([a-z]{2})'), '([A-Z_]+)', (NULL|'([0-9a-f-]{36})')\\)");

    private SeededKeywords() {
    }

    static List<Keyword> all() {
        String sql = read();
        String inserts = sql.substring(sql.indexOf("INSERT INTO keyword"));
        List<Keyword> keywords = new ArrayList<>();
        Matcher m = ROW.matcher(inserts);
        while (m.find()) {
            keywords.add(new Keyword(m.group(1), m.group(3), KeywordAction.valueOf(m.group(4)),
                    m.group(6) == null ? null : UUID.fromString(m.group(6))));
        }
        if (keywords.size() < 40) {
            throw new IllegalStateException("could not read the seeded keywords from " + MIGRATION);
        }
        return keywords;
    }

    static List<Keyword> withAction(KeywordAction action) {
        return all().stream().filter(k -> k.action() == action).toList();
    }

    private static String read() {
        try (InputStream in = SeededKeywords.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
