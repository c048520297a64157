package io.incidentbot.store;

import io.incidentbot.incident.Transactions;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one connection to the database and its transactions.
 *
 * <p>SQLite allows one writer at a time, so the bot keeps a single connection in WAL mode and
 * serializes work on it with a lock: no pool, no SQLITE_BUSY. Every write is committed before
 * {@link #atomically} returns, so whatever the bot acknowledged to Slack is on disk.
 */
public final class Database implements Transactions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    static {
        // jOOQ prints a banner and tips at first use; a service's log is no place for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final String url;
    private final Connection connection;
    private final DSLContext dsl;
    private final ReentrantLock lock = new ReentrantLock();
    private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);

    private Database(String url, Connection connection, SQLDialect dialect) {
        this.url = url;
        this.connection = connection;
        this.dsl = DSL.using(connection, dialect, new Settings().withExecuteLogging(false));
    }

    /**
     * Opens the database at a JDBC URL and applies pending migrations from {@code sql/}, with the
     * durability level from the {@code SQLITE_SYNCHRONOUS} environment variable (see {@link #synchronous}).
     */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, System.getenv("SQLITE_SYNCHRONOUS"));
    }

    /**
     * SQLite's {@code synchronous} pragma from a setting: {@code NORMAL} (the default, also for null or
     * blank) or {@code FULL}, case-insensitive; anything else is refused.
     */
    static String synchronous(String setting) {
        if (setting == null || setting.isBlank()) {
            return "NORMAL";
        }
        String level = setting.strip().toUpperCase(java.util.Locale.ROOT);
        if (!level.equals("NORMAL") && !level.equals("FULL")) {
            throw new IllegalArgumentException("SQLITE_SYNCHRONOUS must be NORMAL or FULL (got \"" + setting + "\")");
        }
        return level;
    }

    /** As {@link #open(String)}, with {@code synchronous} NORMAL or FULL (null means NORMAL). */
    public static Database open(String jdbcUrl, String synchronous) {
        String level = synchronous(synchronous);
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("DATABASE_URL must be a jdbc:sqlite: URL (got " + redact(jdbcUrl) + ")");
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // NORMAL in WAL mode: a committed transaction survives a crash of the process;
                // only a power loss or OS crash can undo the last commits. FULL also syncs the WAL
                // on every commit, so commits survive those too, at the cost of an fsync each.
                s.execute("PRAGMA synchronous=" + level);
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(jdbcUrl, connection, SQLDialect.SQLITE);
            int applied = Migrations.apply(db);
            log.info("Database {} ready ({} migration{} applied, synchronous={})", redact(jdbcUrl), applied,
                    applied == 1 ? "" : "s", level);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        if (inTransaction.get()) {
            return work.get();
        }
        lock.lock();
        try {
            connection.setAutoCommit(false);
            inTransaction.set(true);
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                inTransaction.set(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database transaction failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a query or statement; inside {@link #atomically} it joins that transaction. */
    <T> T with(Function<DSLContext, T> work) {
        if (inTransaction.get()) {
            return work.apply(dsl);
        }
        lock.lock();
        try {
            return work.apply(dsl);
        } finally {
            lock.unlock();
        }
    }

    /** True when the database answers a trivial query. */
    public boolean isHealthy() {
        try {
            return with(ctx -> ctx.selectOne().fetchOne(0, Integer.class)) == 1;
        } catch (RuntimeException e) {
            log.warn("Database health check failed: {}", e.getMessage());
            return false;
        }
    }

    public String describe() {
        return redact(url);
    }

    /** Hides a password in a JDBC URL before it reaches a log. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^/@]*@", "$1***@");
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
