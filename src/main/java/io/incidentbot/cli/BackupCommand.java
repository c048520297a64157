package io.incidentbot.cli;

import io.incidentbot.config.Config;
import io.incidentbot.store.Backup;
import io.incidentbot.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backup <file>}: a consistent, checked copy of the SQLite database, also while the bot runs. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Write a consistent copy of the SQLite database, also while the bot runs.",
        customSynopsis = Main.JAR + " backup <file>",
        description = {"Writes a consistent, integrity-checked copy of the database in DATABASE_URL (default "
                + "jdbc:sqlite:incidents.db) to <file>, which must not exist yet. Safe while the bot runs. To "
                + "restore, stop the bot, copy <file> over the database file (delete its -wal and -shm files), and "
                + "start the bot. For PostgreSQL, use pg_dump (docs/deploy.md).", ""},
        parameterListHeading = "Arguments:%n",
        optionListHeading = "%nOptions:%n")
final class BackupCommand implements Callable<Integer> {
    @Parameters(paramLabel = "<file>", description = "the copy to write (it must not exist)")
    private Path file;

    private final Main.Context context;

    BackupCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.quietLogs();
        Path target = file.toAbsolutePath();
        String url;
        try {
            url = Config.databaseUrl(context.env, context.dotEnv);
        } catch (Config.ConfigException e) {
            throw new Main.Failure(Main.USAGE_ERROR, e.getMessage());
        }
        Backup.Stats stats;
        try {
            stats = Backup.copy(url, target);
        } catch (Backup.BackupException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        } catch (Exception e) {
            throw new Main.Failure(Main.FAILED, "backup failed: " + Main.reason(e));
        }
        context.out.println("Backed up " + Database.redact(url) + " to " + target + " (" + stats.incidents()
                + " incidents, " + stats.timelineEntries() + " timeline entries, "
                + (Files.size(target) + 1023) / 1024 + " KB)");
        return Main.OK;
    }
}
