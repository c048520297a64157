package io.incidentbot.store;

import io.incidentbot.store.Database.Vendor;
import io.incidentbot.store.schema.DefaultSchema;
import io.incidentbot.testing.TestDatabases;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQLite's migrations ({@code sql/}, also the source of the generated jOOQ classes) and PostgreSQL's
 * ({@code sql/postgresql/}) must stay twins: the same versions, and the same tables, columns, types,
 * nullability, keys and indexes once applied, read back from each database's own metadata. And
 * Flyway must find every file of them in the jar.
 */
class MigrationFoldersTest {
    /** Tables of the migration tools, not of the bot: Flyway's history, and the one of releases before it. */
    private static final List<String> VERSION_TABLES = List.of(Migrations.HISTORY_TABLE, Migrations.LEGACY_TABLE);
    private static final Path SOURCE = Path.of("sql");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @TempDir
    Path dir;

    @Test
    void bothFoldersHaveTheSameMigrations() throws IOException {
        List<String> sqlite = migrationFiles(Vendor.SQLITE);
        List<String> postgres = migrationFiles(Vendor.POSTGRESQL);
        assertFalse(sqlite.isEmpty());
        assertEquals(sqlite, postgres, "every sql/V<n>__<name>.sql needs its twin in sql/postgresql/ (same file "
                + "name; only the DDL that PostgreSQL spells differently may differ)");
        for (String folder : List.of(SOURCE.toString(), SOURCE.resolve("postgresql").toString())) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                List<String> misnamed = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".sql") && !MIGRATION.matcher(n).matches()).toList();
                assertEquals(List.of(), misnamed, folder + ": a migration is named V<n>__<what>.sql");
            }
        }
    }

    @Test
    void flywayAppliesEveryFileOfSqlitesFolderInOrder() throws Exception {
        assertAppliesEveryFile(TestDatabases.sqlite(dir), Vendor.SQLITE);
    }

    @Test
    void flywayAppliesEveryFileOfPostgresqlsFolderInOrder() throws Exception {
        assertAppliesEveryFile(TestDatabases.postgres(), Vendor.POSTGRESQL);
    }

    /** The jar's classpath folders are what the pom copies from sql/: a file left out would never run. */
    private static void assertAppliesEveryFile(TestDatabases.TestDb testDb, Vendor vendor) throws IOException {
        Database.open(testDb.url()).close();
        assertEquals(migrationFiles(vendor), testDb.query(
                "SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
    }

    @Test
    void postgresqlSchemaMatchesSqliteColumnByColumn() throws Exception {
        TestDatabases.TestDb pg = TestDatabases.postgres();
        TestDatabases.TestDb lite = TestDatabases.sqlite(dir);
        Database.open(pg.url()).close();
        Database.open(lite.url()).close();
        Map<String, List<String>> sqliteSchema;
        Map<String, List<String>> postgresSchema;
        try (Connection c = lite.connect()) {
            sqliteSchema = describe(c, null);
        }
        try (Connection c = pg.connect()) {
            postgresSchema = describe(c, pg.schema());
        }
        // the description is detailed enough to tell a difference
        assertEquals(List.of("column id integer not null", "column team_id varchar(32) not null", "column title text not null"),
                sqliteSchema.get("incident").subList(0, 3));
        assertTrue(sqliteSchema.get("incident").contains("unique index incident_by_channel [team_id, channel_id]"),
                sqliteSchema.get("incident").toString());
        assertTrue(sqliteSchema.get("action_item").contains("column done boolean not null"));
        assertTrue(sqliteSchema.get("timeline_entry").contains("foreign key incident_id → incident.id"));
        assertEquals(sqliteSchema.keySet(), postgresSchema.keySet(), "the same tables");
        for (String table : sqliteSchema.keySet()) {
            assertEquals(String.join("\n", sqliteSchema.get(table)), String.join("\n", postgresSchema.get(table)),
                    "table " + table + " (SQLite expected, PostgreSQL actual)");
        }
    }

    @Test
    void generatedJooqClassesMatchTheSqliteSchema() throws Exception {
        TestDatabases.TestDb lite = TestDatabases.sqlite(dir);
        Database.open(lite.url()).close();
        Map<String, List<String>> fromJooq = new TreeMap<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            List<String> columns = new ArrayList<>();
            for (Field<?> f : t.fields()) {
                columns.add(f.getName() + " " + jooqType(f.getDataType()) + (f.getDataType().nullable() ? "" : " not null"));
            }
            fromJooq.put(t.getName(), columns);
        }
        Map<String, List<String>> fromSqlite = new TreeMap<>();
        try (Connection c = lite.connect()) {
            describe(c, null).forEach((table, lines) -> fromSqlite.put(table,
                    lines.stream().filter(l -> l.startsWith("column ")).map(l -> l.substring(7)).toList()));
        }
        assertEquals(fromSqlite, fromJooq, "the jOOQ classes are generated from sql/: rebuild (mvn generate-sources)");
    }

    /**
     * Per table, in order: its columns (name, type, nullability), primary key, foreign keys and
     * indexes, in a form both databases' JDBC metadata produce alike.
     */
    static Map<String, List<String>> describe(Connection c, String schema) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, List<String>> tables = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!VERSION_TABLES.contains(name) && !name.startsWith("sqlite_")) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        for (String table : names) {
            List<String> lines = new ArrayList<>();
            List<String> pk = new ArrayList<>();
            try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
                Map<Integer, String> bySeq = new TreeMap<>();
                while (rs.next()) {
                    bySeq.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
                pk.addAll(bySeq.values());
            }
            try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    // SQLite reports INTEGER PRIMARY KEY as nullable, though it never holds NULL
                    boolean notNull = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls || pk.contains(column);
                    lines.add("column " + column + " " + type(rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"))
                            + (notNull ? " not null" : ""));
                }
            }
            lines.add("primary key " + pk);
            TreeSet<String> fks = new TreeSet<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, table)) {
                while (rs.next()) {
                    fks.add("foreign key " + rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT) + " → "
                            + rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT) + "."
                            + rs.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            lines.addAll(fks);
            Map<String, TreeMap<Integer, String>> indexColumns = new TreeMap<>();
            Map<String, Boolean> unique = new TreeMap<>();
            try (ResultSet rs = meta.getIndexInfo(null, schema, table, false, false)) {
                while (rs.next()) {
                    String index = rs.getString("INDEX_NAME");
                    if (index == null || rs.getString("COLUMN_NAME") == null) {
                        continue;
                    }
                    indexColumns.computeIfAbsent(index, k -> new TreeMap<>())
                            .put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    unique.put(index, !rs.getBoolean("NON_UNIQUE"));
                }
            }
            TreeSet<String> indexes = new TreeSet<>();
            indexColumns.forEach((index, cols) -> {
                List<String> columns = List.copyOf(cols.values());
                if (!columns.equals(pk)) { // the primary key's own index is named differently by each
                    indexes.add((unique.get(index) ? "unique index " : "index ") + index.toLowerCase(Locale.ROOT)
                            + " " + columns);
                }
            });
            lines.addAll(indexes);
            tables.put(table.toLowerCase(Locale.ROOT), lines);
        }
        return tables;
    }

    /** The migration files of a vendor's source folder ({@code sql/} or {@code sql/postgresql/}), in version order. */
    static List<String> migrationFiles(Vendor vendor) throws IOException {
        Path folder = vendor == Vendor.SQLITE ? SOURCE : SOURCE.resolve("postgresql");
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> MIGRATION.matcher(n).matches())
                    .sorted(Comparator.comparingInt(MigrationFoldersTest::version))
                    .toList();
        }
    }

    static int version(String migrationFile) {
        Matcher m = MIGRATION.matcher(migrationFile);
        if (!m.matches()) {
            throw new IllegalArgumentException(migrationFile);
        }
        return Integer.parseInt(m.group(1));
    }

    /** One spelling for what the two databases call the same type. */
    static String type(String typeName, int size) {
        String t = typeName.toLowerCase(Locale.ROOT).replaceAll("\\(.*", "").strip();
        return switch (t) {
            case "integer", "int", "int4", "serial" -> "integer";
            case "bigint", "int8", "bigserial" -> "bigint";
            case "boolean", "bool" -> "boolean";
            case "text", "clob" -> "text";
            case "varchar", "character varying" -> "varchar(" + size + ")";
            default -> t;
        };
    }

    private static String jooqType(DataType<?> type) {
        String name = type.getSQLDataType().getTypeName().toLowerCase(Locale.ROOT);
        return type(name, type.hasLength() ? type.length() : 0);
    }
}
