package io.incidentbot.store;

import io.incidentbot.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code migrate-data --from <jdbc-url> --to <jdbc-url>}: copies all of the bot's data from one
 * database into another, empty one (typically an SQLite file into PostgreSQL), see {@link DataCopy}.
 * PostgreSQL credentials come from the URLs or from PGUSER/PGPASSWORD (environment or {@code .env}),
 * as for DATABASE_URL.
 *
 * <p>Exit codes: 0 copied, 1 the copy failed (nothing written), 2 the command line is wrong.
 */
public final class MigrateDataCommand {
    private static final Logger log = LoggerFactory.getLogger(MigrateDataCommand.class);
    static final String PREFIX = "incident-bot migrate-data: ";

    public static final String USAGE = """
            Usage: java -jar target/incident-bot.jar migrate-data --from <jdbc-url> --to <jdbc-url>

            Copies every incident, timeline entry, pin, postmortem draft, action item and processed
            event id from one database into another, empty one, ids included, in one transaction.
            Both are first migrated to the bot's current schema. Stop the bot while copying.

            PostgreSQL credentials go in the URL (?user=…&password=…) or in PGUSER/PGPASSWORD
            (environment or .env), used when the URL names none.

            Example (an SQLite file into PostgreSQL):
              java -jar target/incident-bot.jar migrate-data --from jdbc:sqlite:incidents.db \\
                  --to 'jdbc:postgresql://localhost:5432/incidents?user=incidentbot&password=…'""";

    private MigrateDataCommand() {
    }

    /** Runs the command; {@code args} are the words after {@code migrate-data}. Never throws. */
    public static int run(String[] args, Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err) {
        String from = null;
        String to = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if ((a.equals("--from") || a.equals("--to")) && i + 1 < args.length) {
                if (a.equals("--from")) {
                    from = args[++i];
                } else {
                    to = args[++i];
                }
            } else {
                err.println(PREFIX + "unexpected argument '" + a + "'\n\n" + USAGE);
                return 2;
            }
        }
        if (from == null || to == null || from.isBlank() || to.isBlank()) {
            err.println(PREFIX + "say where to copy from and to with --from <jdbc-url> --to <jdbc-url>\n\n" + USAGE);
            return 2;
        }
        String source;
        String target;
        try {
            source = url("--from", from, env, dotEnv);
            target = url("--to", to, env, dotEnv);
        } catch (Config.ConfigException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        }
        if (source.equals(target)) {
            err.println(PREFIX + "--from and --to are the same database");
            return 2;
        }
        try (Database a = Database.open(source); Database b = Database.open(target)) {
            DataCopy.Result result = DataCopy.copy(a, b, line -> out.println("  " + line));
            out.println("Copied " + result.total() + " rows from " + a.describe() + " to " + b.describe() + ".");
            return 0;
        } catch (RuntimeException e) {
            log.debug("migrate-data failed", e);
            err.println(PREFIX + "nothing was copied: " + oneLine(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String url(String option, String url, Map<String, String> env, Path dotEnv) {
        try {
            return Config.databaseUrl(url.strip(), env, dotEnv);
        } catch (Config.ConfigException e) {
            throw new Config.ConfigException(e.getMessage().replaceFirst("^DATABASE_URL", option));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
