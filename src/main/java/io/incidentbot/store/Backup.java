package io.incidentbot.store;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A consistent copy of the SQLite database while the bot runs, with SQLite's
 * {@code VACUUM INTO} — one read transaction, so the copy is the database as of one instant, and
 * in WAL mode the bot keeps writing meanwhile. The copy is checked ({@code PRAGMA integrity_check})
 * before it is reported done.
 *
 * <p>To restore: stop the bot, replace the database file with the copy (and delete the old file's
 * {@code -wal} and {@code -shm} files if they are there), start the bot.
 */
public final class Backup {
    private Backup() {
    }

    public record Stats(int incidents, int timelineEntries) {
    }

    /** A problem the person running the command can fix; the message says how. */
    public static final class BackupException extends RuntimeException {
        BackupException(String message) {
            super(message);
        }
    }

    /** Copies the SQLite database at {@code jdbcUrl} to {@code target} (which must not exist) and checks the copy. */
    public static Stats copy(String jdbcUrl, Path target) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            throw new BackupException("backup copies SQLite databases (jdbc:sqlite: URLs); " + Database.redact(jdbcUrl)
                    + " is not one (for PostgreSQL, use pg_dump)");
        }
        Path source = sqliteFile(jdbcUrl);
        if (source == null || !Files.isRegularFile(source)) {
            throw new BackupException("there is no database at " + Database.redact(jdbcUrl)
                    + " (run the command where the bot runs, or set DATABASE_URL)");
        }
        if (Files.exists(target)) {
            throw new BackupException(target + " exists already; backup never overwrites a file");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new BackupException("the folder " + target.getParent() + " does not exist");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            DSLContext ctx = DSL.using(c, SQLDialect.SQLITE);
            ctx.execute("PRAGMA busy_timeout=10000");
            ctx.execute("VACUUM INTO ?", target.toString());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target)) {
            DSLContext ctx = DSL.using(c, SQLDialect.SQLITE);
            String check = String.valueOf(ctx.fetchValue("PRAGMA integrity_check"));
            if (!"ok".equals(check)) {
                throw new BackupException("the copy at " + target + " failed SQLite's integrity check: " + check);
            }
            return new Stats(ctx.fetchCount(DSL.table(DSL.name("incident"))),
                    ctx.fetchCount(DSL.table(DSL.name("timeline_entry"))));
        }
    }

    /** The file of a {@code jdbc:sqlite:} URL, or null for an in-memory database. */
    static Path sqliteFile(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
            return null;
        }
        return Path.of(rest).toAbsolutePath();
    }
}
