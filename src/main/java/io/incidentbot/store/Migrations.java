package io.incidentbot.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;

/**
 * The schema migrations {@code V<n>__<what>.sql} of each vendor's folder (see {@code sql/README.md}),
 * applied by Flyway and recorded in its {@value #HISTORY_TABLE}.
 *
 * <p>Releases before Flyway recorded their migrations in {@value #LEGACY_TABLE}. Such a database is
 * baselined at the highest version found there (the table itself is kept, untouched), so Flyway
 * applies only the migrations it lacks and never re-runs one it has.
 *
 * <p>PostgreSQL applies all pending migrations in one transaction under Flyway's lock, so bot
 * processes starting together on one database migrate it once; SQLite applies each in its own.
 */
final class Migrations {
    static final String HISTORY_TABLE = "flyway_schema_history";
    /** Where releases before Flyway recorded their migrations. */
    static final String LEGACY_TABLE = "schema_version";

    private Migrations() {
    }

    /** What one start-up did to the schema. */
    record Outcome(int applied, OptionalInt baselinedAt, String version) {
        String describe() {
            return applied + " migration" + (applied == 1 ? "" : "s") + " applied"
                    + (baselinedAt.isPresent() ? " after baselining at V" + baselinedAt.getAsInt() + " from " + LEGACY_TABLE : "")
                    + ", schema V" + version;
        }
    }

    static Outcome apply(Database.Vendor vendor, DataSource dataSource) {
        return apply(vendor, dataSource, "classpath:" + vendor.migrationFolder());
    }

    /** As {@link #apply(Database.Vendor, DataSource)}, from another Flyway location (tests). */
    static Outcome apply(Database.Vendor vendor, DataSource dataSource, String location) {
        OptionalInt legacy = legacyVersion(dataSource);
        FluentConfiguration config = configure(vendor, dataSource, location);
        legacy.ifPresent(v -> config.baselineOnMigrate(true)
                .baselineVersion(MigrationVersion.fromVersion(Integer.toString(v)))
                .baselineDescription("highest version in " + LEGACY_TABLE));
        try {
            MigrateResult result = config.load().migrate();
            // target: the version reached when something was applied; else the schema stayed where it was
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return new Outcome(result.migrationsExecuted, legacy, version == null ? "0" : version);
        } catch (FlywayException e) {
            throw new IllegalStateException(firstLine(e.getMessage()), e);
        }
    }

    private static FluentConfiguration configure(Database.Vendor vendor, DataSource dataSource, String location) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(location)
                .table(HISTORY_TABLE)
                // branches take version numbers side by side and land in any order: a V9 that lands after
                // V10 is applied where it is missing, as the migrations before Flyway were
                .outOfOrder(true)
                .failOnMissingLocations(true)
                // a misnamed file would otherwise be skipped without a word
                .validateMigrationNaming(true)
                // the files are plain SQL: a "${" in a comment or a text must not be taken for a placeholder
                .placeholderReplacement(false)
                .group(vendor == Database.Vendor.POSTGRESQL)
                .cleanDisabled(true);
    }

    /**
     * The highest version recorded by a release before Flyway, when the database has that table and
     * no Flyway history yet; empty for a new database or one Flyway already manages.
     */
    static OptionalInt legacyVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!hasTable(c, LEGACY_TABLE) || hasTable(c, HISTORY_TABLE)) {
                return OptionalInt.empty();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT max(version) FROM " + LEGACY_TABLE)) {
                int max = rs.next() ? rs.getInt(1) : 0;
                return max > 0 ? OptionalInt.of(max) : OptionalInt.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema's version: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), table, new String[]{"TABLE"})) {
            return rs.next();
        }
    }

    /**
     * Flyway's report of a failed migration in one line: its first line ("Migration V9__x.sql failed")
     * and the database's own message, without the SQL and the separators around it.
     */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "migration failed";
        }
        String[] lines = message.strip().split("\\R");
        String out = lines[0].strip();
        for (String line : lines) {
            if (line.startsWith("Message") && line.contains(":")) {
                out += ": " + line.substring(line.indexOf(':') + 1).strip();
                break;
            }
        }
        return out;
    }
}
