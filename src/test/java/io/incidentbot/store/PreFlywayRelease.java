package io.incidentbot.store;

import io.incidentbot.store.Database.Vendor;
import io.incidentbot.testing.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Builds a database as the releases before Flyway left it: their {@code store/Migrations} code path,
 * kept here as the fixture builder — each {@code sql/V<n>__*.sql} up to a version split on
 * line-ending semicolons, comments dropped, run statement by statement, and recorded in
 * {@code schema_version (version, name, applied_at)}.
 */
final class PreFlywayRelease {
    private PreFlywayRelease() {
    }

    static void migrateTo(TestDatabases.TestDb db, int version) throws IOException, SQLException {
        Vendor vendor = db.isPostgres() ? Vendor.POSTGRESQL : Vendor.SQLITE;
        Path folder = vendor == Vendor.SQLITE ? Path.of("sql") : Path.of("sql", "postgresql");
        try (Connection c = db.connect()) {
            DSLContext ctx = DSL.using(c, vendor.dialect());
            var versionTable = table(name("schema_version"));
            var versionField = field(name("version"), SQLDataType.INTEGER);
            ctx.createTableIfNotExists(versionTable)
                    .column(versionField.getName(), SQLDataType.INTEGER.nullable(false))
                    .column("name", SQLDataType.VARCHAR(200).nullable(false))
                    .column("applied_at", SQLDataType.BIGINT.nullable(false))
                    .primaryKey(versionField.getName())
                    .execute();
            for (String file : MigrationFoldersTest.migrationFiles(vendor)) {
                if (MigrationFoldersTest.version(file) > version) {
                    break;
                }
                ctx.transaction(tx -> {
                    for (String statement : statements(Files.readString(folder.resolve(file)))) {
                        tx.dsl().execute(statement);
                    }
                    tx.dsl().insertInto(versionTable)
                            .columns(versionField, field(name("name")), field(name("applied_at")))
                            .values(MigrationFoldersTest.version(file), file, System.currentTimeMillis())
                            .execute();
                });
            }
        }
    }

    /** The release's statement splitter: semicolons that end a line, without comments. */
    private static List<String> statements(String sql) {
        String withoutComments = sql.lines()
                .map(line -> line.replaceAll("--.*$", ""))
                .collect(Collectors.joining("\n"));
        List<String> out = new ArrayList<>();
        for (String part : withoutComments.split(";\\s*(\n|$)")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
