package org.tocsin.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates databases on a PostgreSQL server through an administrator's connection. */
final class PostgresDatabases {

    /** Lowercase so that quoted and unquoted uses agree; 63 bytes is PostgreSQL's identifier limit. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,63}");

    private static final String DUPLICATE_DATABASE = "42P04";

    private final String adminJdbcUrl;
    private final String adminUser;
    private final String adminPassword;

    PostgresDatabases(String adminJdbcUrl, String adminUser, String adminPassword) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    static String requireValidName(String database) {
        if (database == null || !NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + NAME + ": " + database);
        }
        return database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
    }

    /** Idempotent, also when two threads ask for the same name at once. */
    void createIfMissing(String database, String owner) {
        requireValidName(database);
        requireValidName(owner);
        try (Connection connection = connect()) {
            if (exists(connection, database)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + owner + "\"");
            } catch (SQLException e) {
                if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on " + adminJdbcUrl, e);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
