package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructureExtension.class)
class PostgresTest {

    private final Infrastructure infrastructure;

    PostgresTest(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    @Test
    void flywayMigratesAServiceSchemaThenRowsGoInAndComeOut() throws SQLException {
        String url = infrastructure.createDatabase(TestInfrastructure.uniqueName("kit_flyway"));

        MigrateResult result = Flyway.configure()
                .dataSource(url, infrastructure.postgresUsername(), infrastructure.postgresPassword())
                .schemas("subscriber")
                .createSchemas(true)
                .load()
                .migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(1);
        try (Connection connection = connect(url)) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO subscriber.supporter (phone) VALUES (?), (?)")) {
                insert.setString(1, "+447700900123");
                insert.setString(2, "+447700900456");
                assertThat(insert.executeUpdate()).isEqualTo(2);
            }
            assertThat(single(connection, "SELECT string_agg(phone, ',' ORDER BY id) FROM subscriber.supporter"))
                    .isEqualTo("+447700900123,+447700900456");
            assertThat(single(connection,
                    "SELECT string_agg(version, ',') FROM subscriber.flyway_schema_history WHERE success AND type = 'SQL'"))
                    .isEqualTo("1");
        }
    }

    @Test
    void theApplicationDatabaseExistsAndBelongsToTheApplicationRole() throws SQLException {
        try (Connection connection = connect(infrastructure.postgresJdbcUrl("tocsin"))) {
            assertThat(single(connection, "SELECT current_user")).isEqualTo("tocsin");
            assertThat(single(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'tocsin'"))
                    .isEqualTo("tocsin");
            assertThat(single(connection, "SELECT current_setting('server_version_num')")).startsWith("17");
        }
    }

    @Test
    void createdDatabasesAreFreshAndApartAndCreatingAgainKeepsTheData() throws SQLException {
        String first = TestInfrastructure.uniqueName("kit_isolated");
        String second = TestInfrastructure.uniqueName("kit_isolated");
        String firstUrl = infrastructure.createDatabase(first);
        String secondUrl = infrastructure.createDatabase(second);

        assertThat(firstUrl).isEqualTo(infrastructure.postgresJdbcUrl(first)).endsWith("/" + first);
        try (Connection connection = connect(firstUrl); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE note (body TEXT)");
            statement.execute("INSERT INTO note VALUES ('only in the first')");
        }
        try (Connection connection = connect(secondUrl)) {
            assertThat(single(connection, "SELECT to_regclass('public.note')::text")).isNull();
            assertThat(single(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                    .isEqualTo("tocsin");
        }

        assertThat(infrastructure.createDatabase(first)).isEqualTo(firstUrl);
        try (Connection connection = connect(firstUrl)) {
            assertThat(single(connection, "SELECT body FROM note")).isEqualTo("only in the first");
        }
    }

    @Test
    void databaseNamesOutsideLowercaseLettersDigitsAndUnderscoresAreRefused() {
        for (String bad : new String[] {"Upper", "with-dash", "x\"; DROP DATABASE tocsin; --", "", "a".repeat(64)}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> infrastructure.createDatabase(bad));
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> infrastructure.postgresJdbcUrl(bad));
        }
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, infrastructure.postgresUsername(), infrastructure.postgresPassword());
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row from %s", sql).isTrue();
            return rows.getString(1);
        }
    }
}
