package io.incidentbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.incidentbot.incident.Transactions;
import org.jooq.Converter;
import org.jooq.DSLContext;
import org.sqlite.SQLiteDataSource;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The database and its transactions, for SQLite or PostgreSQL (chosen by the JDBC URL); the same
 * jOOQ code runs on both.
 *
 * <p><b>SQLite</b> allows one writer at a time, so the bot keeps a single connection in WAL mode and
 * serializes work on it with a lock: no pool, no SQLITE_BUSY.
 *
 * <p><b>PostgreSQL</b> gets a small connection pool and no lock: each transaction takes a connection
 * of its own, and the database's row locks and unique keys keep concurrent requests (and several bot
 * processes on one database) from stepping on each other.
 *
 * <p>On both, every write is committed before {@link #atomically} returns, so whatever the bot
 * acknowledged to Slack is stored.
 */
public final class Database implements Transactions, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Connections to PostgreSQL per bot process. */
    static final int POOL_SIZE = 10;
    /** Advisory lock keys of {@link #runAlone} jobs: this plus the job name's hash. */
    private static final long JOB_LOCKS = 0x1DB07_0000_0000L;

    static {
        // jOOQ prints a banner and tips at first use; a service's log is no place for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /** The databases the bot runs on: the JDBC URL prefix, jOOQ's dialect, and where the migrations are. */
    public enum Vendor {
        SQLITE("jdbc:sqlite:", SQLDialect.SQLITE, "sql/sqlite"),
        POSTGRESQL("jdbc:postgresql:", SQLDialect.POSTGRES, "sql/postgresql");

        private final String urlPrefix;
        private final SQLDialect dialect;
        private final String migrations;

        Vendor(String urlPrefix, SQLDialect dialect, String migrations) {
            this.urlPrefix = urlPrefix;
            this.dialect = dialect;
            this.migrations = migrations;
        }

        /** The vendor of a JDBC URL, or empty when the bot does not support it. */
        public static Optional<Vendor> of(String jdbcUrl) {
            for (Vendor v : values()) {
                if (jdbcUrl != null && jdbcUrl.startsWith(v.urlPrefix)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }

        public SQLDialect dialect() {
            return dialect;
        }

        /** The classpath folder of this vendor's {@code V<n>__<what>.sql} migrations (see sql/README.md). */
        public String migrationFolder() {
            return migrations;
        }
    }

    /** How long an event write may wait for its group's commit: under Slack's 3 s for the ack. */
    static final Duration GROUP_COMMIT_MAX_WAIT = Duration.ofMillis(2500);

    private static final Settings SETTINGS = new Settings().withExecuteLogging(false);

    private final Vendor vendor;
    private final String url;
    /** SQLite: the one connection (null for PostgreSQL). */
    private final Connection connection;
    /** PostgreSQL: the pool (null for SQLite). */
    private final HikariDataSource pool;
    /** SQLite: bound to the connection; PostgreSQL: each statement borrows a pooled connection. */
    private final DSLContext dsl;
    private final ReentrantLock lock = new ReentrantLock();
    /** The transaction this thread is in, if any. */
    private final ThreadLocal<DSLContext> transaction = new ThreadLocal<>();
    /** SQLite: the {@link Reusable} statements prepared on the connection, used under the lock. */
    private final Map<Reusable, PreparedStatement> prepared = new IdentityHashMap<>();
    /** SQLite: shares commits among concurrent event writes (null for PostgreSQL, whose pool runs them side by side). */
    private final GroupCommit groupCommit;
    /** What opening did to the schema. */
    private Migrations.Outcome migrated;

    private Database(Vendor vendor, String url, Connection connection, HikariDataSource pool, boolean groupCommits) {
        this.vendor = vendor;
        this.url = url;
        this.connection = connection;
        this.pool = pool;
        this.dsl = connection != null
                ? DSL.using(connection, vendor.dialect(), SETTINGS)
                : DSL.using(pool, vendor.dialect(), SETTINGS);
        this.groupCommit = connection != null && groupCommits ? new GroupCommit(new GroupCommit.Executor() {
            @Override
            public void runTogether(List<Runnable> items) {
                atomically(() -> {
                    items.forEach(Runnable::run);
                    return null;
                });
            }

            @Override
            public void runAlone(Runnable item) {
                atomically(item);
            }
        }, GROUP_COMMIT_MAX_WAIT) : null;
    }

    /**
     * Opens the database at a JDBC URL ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}) and
     * applies pending migrations from the vendor's folder, with SQLite at {@code synchronous=NORMAL}
     * and group commit on. The bot's own settings ({@code SQLITE_SYNCHRONOUS}, {@code SQLITE_GROUP_COMMIT},
     * from the environment or {@code .env}) are read by the config reader and passed to
     * {@link #open(String, String, boolean)}; this class reads no environment.
     */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, true);
    }

    /**
     * SQLite's {@code synchronous} pragma from a setting: {@code NORMAL} (the default, also for null or
     * blank) or {@code FULL}, case-insensitive; anything else is refused.
     */
    static String synchronous(String setting) {
        if (setting == null || setting.isBlank()) {
            return "NORMAL";
        }
        String level = setting.strip().toUpperCase(Locale.ROOT);
        if (!level.equals("NORMAL") && !level.equals("FULL")) {
            throw new IllegalArgumentException("SQLITE_SYNCHRONOUS must be NORMAL or FULL (got \"" + setting + "\")");
        }
        return level;
    }

    /**
     * As {@link #open(String)}, with SQLite's {@code synchronous} NORMAL or FULL (null means NORMAL;
     * PostgreSQL commits durably whatever it says).
     */
    public static Database open(String jdbcUrl, String synchronous) {
        return open(jdbcUrl, synchronous, true);
    }

    /** As {@link #open(String, String)}, with group commit on or off (SQLite; PostgreSQL never groups). */
    public static Database open(String jdbcUrl, String synchronous, boolean groupCommits) {
        String level = synchronous(synchronous);
        Vendor vendor = Vendor.of(jdbcUrl).orElseThrow(() -> new IllegalArgumentException(
                "DATABASE_URL must be a jdbc:sqlite: or jdbc:postgresql: URL (got " + redact(jdbcUrl) + ")"));
        Database db = vendor == Vendor.SQLITE ? openSqlite(jdbcUrl, level, groupCommits) : openPostgres(jdbcUrl);
        try {
            db.migrated = Migrations.apply(vendor, db.pool != null ? db.pool : sqliteDataSource(jdbcUrl));
            log.info("Database {} ready ({}{})", redact(jdbcUrl), db.migrated.describe(),
                    vendor == Vendor.SQLITE ? ", synchronous=" + level + (groupCommits ? "" : ", group commit off") : "");
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw new IllegalStateException("cannot migrate database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    private static Database openSqlite(String jdbcUrl, String level, boolean groupCommits) {
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
            log.debug("SQLite {}: synchronous={}, group commit {}", redact(jdbcUrl), level, groupCommits ? "on" : "off");
            return new Database(Vendor.SQLITE, jdbcUrl, connection, null, groupCommits);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file a {@code jdbc:sqlite:} URL names ({@code jdbc:sqlite:incidents.db},
     * {@code jdbc:sqlite:file:/data/x.db?mode=rw}); empty for in-memory databases and other vendors.
     * Opening a missing file creates it, so callers that must not create one check it first.
     */
    public static java.util.Optional<java.nio.file.Path> sqliteFile(String jdbcUrl) {
        if (jdbcUrl == null || Vendor.of(jdbcUrl).orElse(null) != Vendor.SQLITE) {
            return java.util.Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
        }
        if (rest.isBlank() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.nio.file.Path.of(rest));
    }

    /** SQLite for Flyway: connections of its own, closed before the bot's first request. */
    private static DataSource sqliteDataSource(String jdbcUrl) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }

    private static Database openPostgres(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("incident-bot-db");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "incident-bot");
        try {
            return new Database(Vendor.POSTGRESQL, jdbcUrl, null, new HikariDataSource(config), false);
        } catch (RuntimeException e) { // HikariPool.PoolInitializationException: cannot connect
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot open database " + redact(jdbcUrl) + ": " + cause.getMessage(), e);
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    Migrations.Outcome migrated() {
        return migrated;
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        if (transaction.get() != null) {
            return work.get();
        }
        if (vendor == Vendor.SQLITE) {
            lock.lock();
            try {
                return inTransaction(connection, dsl, work);
            } finally {
                lock.unlock();
            }
        }
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, DSL.using(c, vendor.dialect(), SETTINGS), work);
        } catch (SQLException e) {
            throw new IllegalStateException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * SQLite: group commit (see {@link GroupCommit}) — the work shares the next commit with whatever
     * other callers' work is waiting. PostgreSQL, or already inside a transaction: {@link #atomically}.
     */
    @Override
    public <T> T groupCommitted(Supplier<T> work) {
        if (groupCommit == null || transaction.get() != null) {
            return atomically(work);
        }
        return groupCommit.submit(work);
    }

    private <T> T inTransaction(Connection c, DSLContext ctx, Supplier<T> work) {
        try {
            c.setAutoCommit(false);
            transaction.set(ctx);
            try {
                T result = work.get();
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                transaction.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL: one transaction holding an advisory lock named after the job, taken without waiting,
     * so replicas on one database take turns instead of doing the job twice. SQLite: the job just
     * runs (one process per database file).
     */
    @Override
    public boolean runAlone(String job, Runnable work) {
        if (vendor == Vendor.SQLITE) {
            work.run();
            return true;
        }
        return atomically(() -> {
            boolean mine = with(ctx -> ctx.select(DSL.function("pg_try_advisory_xact_lock", Boolean.class,
                    DSL.inline(JOB_LOCKS + job.hashCode()))).fetchOne(0, Boolean.class));
            if (mine) {
                work.run();
            }
            return mine;
        });
    }

    /** Runs a query or statement; inside {@link #atomically} it joins that transaction. */
    <T> T with(Function<DSLContext, T> work) {
        DSLContext tx = transaction.get();
        if (tx != null) {
            return work.apply(tx);
        }
        if (vendor == Vendor.POSTGRESQL) {
            return work.apply(dsl);
        }
        lock.lock();
        try {
            return work.apply(dsl);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A statement written once with jOOQ, its values left as placeholders, and run many times with
     * new values through {@link #execute(Reusable, Object...)}. For the few statements on the hot
     * path of every Slack event: jOOQ builds and renders a query each time it runs, which measured
     * at about three times the cost of the insert itself (see docs/performance.md).
     */
    public static final class Reusable {
        private final String sql;
        /** Per placeholder, its column's converter (e.g. {@link EpochMillis}), so callers pass the domain's types. */
        private final List<Converter<?, ?>> converters;

        private Reusable(String sql, List<Converter<?, ?>> converters) {
            this.sql = sql;
            this.converters = converters;
        }

        private void checkArity(Object[] values) {
            if (values.length != converters.size()) {
                throw new IllegalArgumentException(converters.size() + " values expected, got " + values.length + " for " + sql);
            }
        }

        @SuppressWarnings("unchecked")
        private Object toDatabase(int index, Object value) {
            Converter<Object, Object> c = (Converter<Object, Object>) converters.get(index);
            return value != null && c.toType().isInstance(value) ? c.to(value) : value;
        }

        @Override
        public String toString() {
            return sql;
        }
    }

    /** Renders {@code statement} once in this database's dialect, with a placeholder for each value. */
    Reusable reusable(Function<DSLContext, ? extends org.jooq.Query> statement) {
        DSLContext renderer = DSL.using(vendor.dialect(), SETTINGS);
        org.jooq.Query query = statement.apply(renderer);
        List<Converter<?, ?>> converters = query.getParams().values().stream()
                .filter(p -> !p.isInline())
                .<Converter<?, ?>>map(p -> p.getDataType().getConverter())
                .toList();
        if (converters.size() != query.getBindValues().size()) {
            throw new IllegalArgumentException("a reusable statement takes unnamed values only: " + query);
        }
        return new Reusable(renderer.render(query), converters);
    }

    /**
     * Runs a {@link Reusable} statement with these values (in placeholder order) and returns the
     * update count; inside {@link #atomically} it joins that transaction. SQLite keeps the prepared
     * statement on its one connection; PostgreSQL prepares it on the pooled connection each time
     * (its driver caches server-side plans itself).
     */
    int execute(Reusable statement, Object... values) {
        statement.checkArity(values);
        return with(ctx -> ctx.connectionResult(c -> {
            if (vendor == Vendor.SQLITE) {
                return bindAndRun(prepared.computeIfAbsent(statement, s -> prepare(c, s)), statement, values);
            }
            try (PreparedStatement once = c.prepareStatement(statement.sql)) {
                return bindAndRun(once, statement, values);
            }
        }));
    }

    /** Reads one row of a {@link Reusable} query's result, by column position. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * Runs a {@link Reusable} query with these values and reads every row. For the few reads that
     * can return a hundred thousand rows (a big incident's timeline): plain JDBC reads them at a
     * fraction of the cost of jOOQ's records (see docs/performance.md).
     */
    <T> List<T> query(Reusable query, RowReader<T> reader, Object... values) {
        query.checkArity(values);
        return with(ctx -> ctx.connectionResult(c -> {
            try (PreparedStatement statement = c.prepareStatement(query.sql)) {
                bind(statement, query, values);
                statement.setFetchSize(1_000);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
                return rows;
            }
        }));
    }

    private static PreparedStatement prepare(Connection c, Reusable statement) {
        try {
            return c.prepareStatement(statement.sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare " + statement + ": " + e.getMessage(), e);
        }
    }

    private static int bindAndRun(PreparedStatement statement, Reusable reusable, Object[] values) throws SQLException {
        bind(statement, reusable, values);
        return statement.executeUpdate();
    }

    private static void bind(PreparedStatement statement, Reusable reusable, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, reusable.toDatabase(i, values[i]));
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

    /**
     * A PostgreSQL URL with {@code user} and {@code password} parameters added from PGUSER/PGPASSWORD-style
     * settings, each only when given and the URL has no such parameter already (the URL wins).
     * Other URLs come back unchanged.
     */
    public static String withCredentials(String jdbcUrl, String user, String password) {
        if (Vendor.of(jdbcUrl).orElse(null) != Vendor.POSTGRESQL) {
            return jdbcUrl;
        }
        StringBuilder url = new StringBuilder(jdbcUrl);
        for (String[] p : new String[][]{{"user", user}, {"password", password}}) {
            if (p[1] != null && !p[1].isEmpty()
                    && !java.util.regex.Pattern.compile("[?&]" + p[0] + "=").matcher(jdbcUrl).find()) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(p[0]).append('=')
                        .append(java.net.URLEncoder.encode(p[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return url.toString();
    }

    /** Hides a password in a JDBC URL before it reaches a log. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^/@]*@", "$1***@");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            return;
        }
        if (groupCommit != null) {
            groupCommit.close();
        }
        lock.lock();
        try {
            for (PreparedStatement statement : prepared.values()) {
                statement.close();
            }
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
