package io.incidentbot.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The databases the store and end-to-end tests run on.
 *
 * <ul>
 *   <li>By default SQLite: a file in the test's temporary folder.</li>
 *   <li>With the system property {@value #PROPERTY}{@code =postgresql} (the pom's {@code postgresql}
 *       test run, active when {@value #POSTGRES_ENV} is set) the same tests run on PostgreSQL: each
 *       test folder gets a fresh schema of the database at {@value #POSTGRES_ENV}.</li>
 *   <li>Tests that are about PostgreSQL itself call {@link #postgres()}, which skips them, saying
 *       why, when {@value #POSTGRES_ENV} is not set.</li>
 * </ul>
 */
public final class TestDatabases {
    public static final String PROPERTY = "incidentbot.test.database";
    public static final String POSTGRES_ENV = "TEST_POSTGRES_URL";
    public static final String SKIPPED = POSTGRES_ENV + " is not set, so the PostgreSQL tests are skipped. "
            + ".ci/run starts a local PostgreSQL and sets it, e.g. " + POSTGRES_ENV
            + "=jdbc:postgresql://127.0.0.1:5432/incidentbot_test?user=incidentbot&password=incidentbot";

    /** One schema per test folder, so a "restarted" bot on the same folder finds its data again. */
    private static final Map<Path, TestDb> BY_FOLDER = new ConcurrentHashMap<>();
    private static final List<String> SCHEMAS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropSchemas, "drop-test-schemas"));
    }

    private TestDatabases() {
    }

    /** True in the test run that repeats the store and end-to-end suites on PostgreSQL. */
    public static boolean onPostgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "sqlite"));
    }

    public static Optional<String> postgresUrl() {
        String url = System.getProperty(POSTGRES_ENV, System.getenv(POSTGRES_ENV));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.strip());
    }

    /** The database of this test run for a test folder: SQLite in it, or a PostgreSQL schema of its own. */
    public static TestDb forFolder(Path dir) {
        if (!onPostgres()) {
            return sqlite(dir);
        }
        if (postgresUrl().isEmpty()) {
            throw new IllegalStateException(PROPERTY + "=postgresql but " + POSTGRES_ENV + " is not set");
        }
        return BY_FOLDER.computeIfAbsent(dir.toAbsolutePath(), d -> freshSchema());
    }

    public static TestDb sqlite(Path dir) {
        return new TestDb("jdbc:sqlite:" + dir.resolve("incidents.db"), null);
    }

    /** A fresh, empty PostgreSQL schema; skips the test when {@value #POSTGRES_ENV} is not set. */
    public static TestDb postgres() {
        Assumptions.assumeTrue(postgresUrl().isPresent(), SKIPPED);
        return freshSchema();
    }

    private static TestDb freshSchema() {
        String base = postgresUrl().orElseThrow();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema in " + POSTGRES_ENV + ": " + e.getMessage(), e);
        }
        synchronized (SCHEMAS) {
            SCHEMAS.add(schema);
        }
        return new TestDb(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, schema);
    }

    private static void dropSchemas() {
        List<String> schemas;
        synchronized (SCHEMAS) {
            schemas = List.copyOf(SCHEMAS);
        }
        if (schemas.isEmpty() || postgresUrl().isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(postgresUrl().get()); Statement s = c.createStatement()) {
            for (String schema : schemas) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the test schemas " + schemas + ": " + e.getMessage());
        }
    }

    /** A test database: its JDBC URL, and direct SQL access the way an operator would look at it. */
    public record TestDb(String url, String schema) {
        public boolean isPostgres() {
            return schema != null;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url);
        }

        /**
         * Rows as strings, columns joined by {@code |} ({@code null} for NULL); booleans read as
         * {@code 1}/{@code 0} on both databases (SQLite stores them so).
         */
        public List<String> query(String sql) {
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                List<String> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            row.append('|');
                        }
                        row.append(text(rs, i));
                    }
                    rows.add(row.toString());
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        private static String text(ResultSet rs, int i) throws SQLException {
            int type = rs.getMetaData().getColumnType(i);
            if (type == Types.BOOLEAN || type == Types.BIT) {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? "null" : b ? "1" : "0";
            }
            return String.valueOf(rs.getString(i));
        }

        /** Runs a statement (tests use it to break the database on purpose, e.g. with a trigger). */
        public void execute(String sql) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        public int count(String table) {
            return Integer.parseInt(query("SELECT count(*) FROM " + table).get(0));
        }

        @Override
        public String toString() {
            return isPostgres() ? "PostgreSQL schema " + schema : url;
        }
    }
}
