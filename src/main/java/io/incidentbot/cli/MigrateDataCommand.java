package io.incidentbot.cli;

import io.incidentbot.config.Config;
import io.incidentbot.store.DataCopy;
import io.incidentbot.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code migrate-data --from <jdbc-url> --to <jdbc-url>}: copies all of the bot's data from one
 * database into another, empty one (typically an SQLite file into PostgreSQL), see {@link DataCopy}.
 * PostgreSQL credentials come from the URLs or from PGUSER/PGPASSWORD (environment or {@code .env}),
 * as for DATABASE_URL.
 *
 * <p>Exit codes: 0 copied, 1 the copy failed or the source does not exist (nothing written), 2 the command line
 * is wrong.
 */
@Command(name = "migrate-data", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        header = "Copy all data into another, empty database, e.g. an SQLite file into PostgreSQL.",
        customSynopsis = Main.JAR + " migrate-data --from <jdbc-url> --to <jdbc-url>",
        description = {"Copies every incident, timeline entry, pin, postmortem draft, action item and processed "
                + "event id from one database into another, empty one, ids included, in one transaction. Both are "
                + "first migrated to the bot's current schema. Stop the bot while copying.",
                "",
                "PostgreSQL credentials go in the URL (?user=…&password=…) or in PGUSER/PGPASSWORD (environment or "
                + ".env), used when the URL names none.", ""},
        optionListHeading = "Options:%n",
        footerHeading = "%n",
        footer = {"Example (an SQLite file into PostgreSQL):",
                "  " + Main.JAR + " migrate-data --from jdbc:sqlite:incidents.db \\",
                "      --to 'jdbc:postgresql://localhost:5432/incidents?user=incidentbot&password=…'"})
final class MigrateDataCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MigrateDataCommand.class);

    @Spec
    private CommandSpec spec;
    @Option(names = "--from", paramLabel = "<jdbc-url>", required = true, description = "the database to copy")
    private String from;
    @Option(names = "--to", paramLabel = "<jdbc-url>", required = true, description = "the empty database to copy into")
    private String to;

    private final Main.Context context;

    MigrateDataCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.quietLogs();
        if (from.isBlank() || to.isBlank()) {
            throw Main.usage(spec, "say where to copy from and to with --from <jdbc-url> --to <jdbc-url>");
        }
        String source;
        String target;
        try {
            source = url("--from", from);
            target = url("--to", to);
        } catch (Config.ConfigException e) {
            throw Main.usage(spec, e.getMessage());
        }
        if (source.equals(target)) {
            throw Main.usage(spec, "--from and --to are the same database");
        }
        java.util.Optional<java.nio.file.Path> sourceFile = Database.sqliteFile(source);
        if (sourceFile.isPresent() && !java.nio.file.Files.isRegularFile(sourceFile.get())) {
            // Opening it would create an empty database and copy nothing: a typo in the path, most likely.
            throw new Main.Failure(Main.FAILED, "nothing was copied: there is no database file at "
                    + sourceFile.get().toAbsolutePath() + " (--from " + from.strip() + ")");
        }
        io.incidentbot.config.SqliteSettings sqlite = context.sqlite();
        try (Database a = Database.open(source, sqlite.synchronous(), sqlite.groupCommit());
             Database b = Database.open(target, sqlite.synchronous(), sqlite.groupCommit())) {
            DataCopy.Result result = DataCopy.copy(a, b, line -> context.out.println("  " + line));
            context.out.println("Copied " + result.total() + " rows from " + a.describe() + " to " + b.describe() + ".");
            return Main.OK;
        } catch (RuntimeException e) {
            log.debug("migrate-data failed", e);
            throw new Main.Failure(Main.FAILED, "nothing was copied: " + Main.oneLine(firstLine(e)));
        }
    }

    private String url(String option, String url) {
        try {
            return Config.databaseUrl(url.strip(), context.env, context.dotEnv);
        } catch (Config.ConfigException e) {
            throw new Config.ConfigException(e.getMessage().replaceFirst("^DATABASE_URL", option));
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
