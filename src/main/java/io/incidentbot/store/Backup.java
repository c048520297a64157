package io.incidentbot.store;

import io.incidentbot.config.Config;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code backup <file>}: a consistent copy of the SQLite database while the bot runs, with SQLite's
 * {@code VACUUM INTO} — one read transaction, so the copy is the database as of one instant, and
 * in WAL mode the bot keeps writing meanwhile. The copy is checked ({@code PRAGMA integrity_check})
 * before the command says it is done.
 *
 * <p>To restore: stop the bot, replace the database file with the copy (and delete the old file's
 * {@code -wal} and {@code -shm} files if they are there), start the bot.
 */
public final class Backup {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;
    public static final String USAGE = """
            Usage: java -jar target/incident-bot.jar backup <file>

            Writes a consistent copy of the database in DATABASE_URL (default jdbc:sqlite:incidents.db)
            to <file>, which must not exist yet. Safe while the bot runs. To restore, stop the bot,
            copy <file> over the database file (delete its -wal and -shm files), and start the bot.""";

    private Backup() {
    }

    /** The command: {@code args} are what follows {@code backup}. Returns the exit status. */
    public static int run(String[] args, Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return OK;
        }
        if (args.length != 1 || args[0].isBlank() || args[0].startsWith("-")) {
            err.println("incident-bot: backup needs exactly one argument, the file to write.\n\n" + USAGE);
            return USAGE_ERROR;
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        String url;
        try {
            url = Config.databaseUrl(env, dotEnv);
        } catch (Config.ConfigException e) {
            err.println("incident-bot: " + e.getMessage());
            return USAGE_ERROR;
        }
        try {
            Stats stats = copy(url, target);
            out.println("Backed up " + Database.redact(url) + " to " + target + " (" + stats.incidents() + " incidents, "
                    + stats.timelineEntries() + " timeline entries, " + (Files.size(target) + 1023) / 1024 + " KB)");
            return OK;
        } catch (BackupException e) {
            err.println("incident-bot: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("incident-bot: backup failed: " + e.getMessage());
            return FAILED;
        }
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
