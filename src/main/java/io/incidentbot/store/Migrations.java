package io.incidentbot.store;

import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Applies the schema migrations {@code V<n>__<what>.sql} (shipped in the jar) in order and records
 * them in {@code schema_version}. Each vendor has its folder: {@code sql/} for SQLite (also the
 * source of the generated jOOQ classes) and {@code sql/postgresql/} for PostgreSQL, with the same
 * versions producing the same tables and columns.
 *
 * <p>SQLite applies each migration in its own transaction. PostgreSQL applies all pending ones in
 * one transaction under an advisory lock, so bot processes starting together on one database
 * migrate it once.
 */
final class Migrations {
    private static final Pattern FILE = Pattern.compile("V(\\d+)__.+\\.sql");
    /** pg_advisory_xact_lock key held while migrating ("incident-bot migrations"). */
    private static final long POSTGRES_MIGRATION_LOCK = 0x1DB07_0001L;

    private Migrations() {
    }

    record Migration(int version, String name, String sql) {
    }

    static int apply(Database db) {
        if (db.vendor() == Database.Vendor.POSTGRESQL) {
            return db.atomically(() -> {
                db.with(ctx -> ctx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                        DSL.inline(POSTGRES_MIGRATION_LOCK))).fetch());
                return applyPending(db);
            });
        }
        return applyPending(db);
    }

    private static int applyPending(Database db) {
        var versionTable = table(name("schema_version"));
        var versionField = field(name("version"), SQLDataType.INTEGER);
        db.with(ctx -> ctx.createTableIfNotExists(versionTable)
                .column(versionField.getName(), SQLDataType.INTEGER.nullable(false))
                .column("name", SQLDataType.VARCHAR(200).nullable(false))
                .column("applied_at", SQLDataType.BIGINT.nullable(false))
                .primaryKey(versionField.getName())
                .execute());
        Set<Integer> done = db.with(ctx -> ctx.select(versionField).from(versionTable).fetchSet(versionField));
        int applied = 0;
        for (Migration m : load(db.vendor())) {
            if (done.contains(m.version())) {
                continue;
            }
            db.atomically(() -> db.with(ctx -> {
                for (String statement : statements(m.sql())) {
                    ctx.execute(statement);
                }
                return ctx.insertInto(versionTable)
                        .columns(versionField, field(name("name")), field(name("applied_at")))
                        .values(m.version(), m.name(), System.currentTimeMillis())
                        .execute();
            }));
            applied++;
        }
        return applied;
    }

    /** Splits a migration into statements on semicolons that end a line, dropping comments. */
    static List<String> statements(String sql) {
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

    /** SQLite's migrations. */
    static List<Migration> load() {
        return load(Database.Vendor.SQLITE);
    }

    static List<Migration> load(Database.Vendor vendor) {
        String folder = vendor.migrationFolder();
        URL url = Migrations.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("schema migrations (" + folder + "/) are missing from the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = newJarFileSystem(uri)) {
                    return read(fs.getPath(folder));
                }
            }
            return read(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read schema migrations: " + e.getMessage(), e);
        }
    }

    private static FileSystem newJarFileSystem(URI uri) throws IOException {
        return FileSystems.newFileSystem(uri, Collections.emptyMap());
    }

    private static List<Migration> read(Path folder) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String fileName = p.getFileName().toString().replace("/", "");
                Matcher m = FILE.matcher(fileName);
                if (m.matches()) {
                    try (InputStream in = Files.newInputStream(p)) {
                        migrations.add(new Migration(Integer.parseInt(m.group(1)), fileName,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        return migrations;
    }
}
