package io.incidentbot.cli;

import io.incidentbot.config.Config;
import io.incidentbot.config.SqliteSettings;
import io.incidentbot.importer.ExportImporter;
import io.incidentbot.importer.ExportImporter.Result;
import io.incidentbot.importer.ExportUserNames;
import io.incidentbot.importer.SlackExportReader;
import io.incidentbot.importer.SlackExportReader.Channel;
import io.incidentbot.importer.SlackExportReader.ExportException;
import io.incidentbot.importer.SlackExportReader.Message;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.Severity;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqLearningRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code import <export.zip | export-folder> --channel <name> …}: the offline path. Reads a Slack
 * workspace export, stores the channel as a resolved incident with its timeline (one transaction)
 * and prints or writes the draft postmortem. Needs no Slack token: only DATABASE_URL and
 * PIN_REACTION are read, from the environment and {@code .env} as the bot reads them.
 *
 * <p>Exit codes: 0 done, 1 the import failed (nothing stored), 2 the command line or configuration
 * is wrong. Every failure is one line on stderr; stdout carries only the draft (or, with
 * {@code --out}, one line saying where it went).
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        header = "Turn a channel of a Slack export into a resolved incident and its draft postmortem, offline.",
        customSynopsis = Main.JAR + " import <export.zip | export-folder> --channel <name> [options]",
        description = {"Turns one channel of a Slack workspace export into a resolved incident with its timeline, "
                + "stores it in the database (DATABASE_URL, default jdbc:sqlite:incidents.db) and drafts its "
                + "postmortem exactly as /incident resolve does. No Slack token or network needed.", ""},
        parameterListHeading = "Arguments:%n",
        optionListHeading = "%nOptions:%n",
        footerHeading = "%n",
        footer = {"Times are UTC unless they say otherwise: 2026-05-09T14:00:00Z, 2026-05-09T16:00+02:00, "
                + "2026-05-09T14:00 or a whole day: 2026-05-09. Importing the same channel again merges by message: "
                + "what is new is added, what is stored is kept (--replace replaces it), and a new draft version is "
                + "stored. 📌 reactions (PIN_REACTION) and Slack pins mark key "
                + "events; joins and topic changes are left out.",
                "",
                "Example:",
                "  " + Main.JAR + " import examples/slack-export --channel inc-orders-api-502"})
final class ImportCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ImportCommand.class);

    static final String PREFIX = "incident-bot import: ";
    private static final int MAX_LISTED_CHANNELS = 30;
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<export.zip | export-folder>",
            description = "the Slack export: the .zip Slack gives you, or the folder it unpacks to")
    private String exportArg;
    @Option(names = {"--channel", "-c"}, paramLabel = "<name>",
            description = "the channel to import, e.g. inc-orders-api-502 (required)")
    private String channelArg;
    @Option(names = {"--from", "--since"}, paramLabel = "<time>", description = "leave out messages before this time")
    private String fromArg;
    @Option(names = {"--to", "--until"}, paramLabel = "<time>", description = "leave out messages after this time")
    private String toArg;
    @Option(names = {"--title", "-t"}, paramLabel = "<text>", description = "the incident's title (default: the channel name)")
    private String titleArg;
    @Option(names = {"--severity", "--sev", "-s"}, paramLabel = "<P1-P4>", description = "the incident's severity (default: P3)")
    private String severityArg;
    @Option(names = {"--out", "-o"}, paramLabel = "<file.md>", description = "write the draft to this file instead of printing it")
    private String outArg;
    @Option(names = "--replace", description = "replace the timeline stored by an earlier import of this channel")
    private boolean replace;
    @Option(names = "--skip-bad-files", description = "import the rest when a day file cannot be read (the summary "
            + "and the draft name the files left out); without it such a file stops the import")
    private boolean skipBadFiles;
    @Option(names = "--zip-encoding", paramLabel = "<charset>", description = "how the zip's file names are encoded, "
            + "e.g. UTF-8, Shift_JIS, CP437 (default: as the zip says, else UTF-8, Shift_JIS, then CP437)")
    private String zipEncodingArg;

    private final Main.Context context;
    private PrintStream out;
    private PrintStream err;

    ImportCommand(Main.Context context) {
        this.context = context;
    }

    /** A wrong command line: exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The import cannot go on: exit code 1. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        context.quietLogs();
        out = context.out;
        err = context.err;
        if (exportArg == null && channelArg == null && fromArg == null && toArg == null && titleArg == null
                && severityArg == null && outArg == null) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return Main.USAGE_ERROR;
        }
        try {
            return execute(Options.of(exportArg, channelArg, fromArg, toArg, titleArg, severityArg, outArg, replace),
                    zipEncoding(zipEncodingArg));
        } catch (UsageException e) {
            throw Main.usage(spec, e.getMessage());
        } catch (Config.ConfigException e) {
            throw new Main.Failure(Main.USAGE_ERROR, e.getMessage());
        } catch (Failure | ExportException e) {
            throw new Main.Failure(Main.FAILED, e.getMessage());
        } catch (RuntimeException | Error e) {
            log.debug("Import failed", e);
            throw new Main.Failure(Main.FAILED, "the import failed and nothing was stored: " + Main.reason(e));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The --zip-encoding character set, or null (detect). */
    private static java.nio.charset.Charset zipEncoding(String name) {
        if (name == null) {
            return null;
        }
        try {
            return java.nio.charset.Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--zip-encoding: unknown character set \"" + name.strip()
                    + "\"; use e.g. UTF-8, Shift_JIS or CP437");
        }
    }

    private int execute(Options o, java.nio.charset.Charset zipEncoding) {
        String databaseUrl = Config.databaseUrl(context.env, context.dotEnv);
        String pinReaction = Config.pinReaction(context.env, context.dotEnv);
        TtrTargets ttrTargets = Config.ttrTargets(context.env, context.dotEnv);
        SqliteSettings sqlite = Config.sqlite(context.env, context.dotEnv);
        if (o.out() != null) {
            checkWritable(o.out());
        }
        try (SlackExportReader export = SlackExportReader.open(o.export(), w -> err.println(PREFIX + "warning: " + w),
                zipEncoding)) {
            if (o.channel() == null) {
                throw new UsageException("say which channel to import with --channel <name>; the export has "
                        + channelList(export.channels()));
            }
            Channel channel = export.channel(o.channel()).orElseThrow(() -> new Failure("no channel named '"
                    + o.channel() + "' in the export; channels: " + channelList(export.channels())));
            if (!export.hasMessages(channel)) {
                throw new Failure("#" + channel.name() + " has no messages in the export (no day files in "
                        + channel.folder() + "/)");
            }
            SlackExportReader.ChannelRead read = export.read(channel, skipBadFiles);
            List<Message> all = read.messages();
            List<Message> conversation = ExportImporter.conversation(all, null, null);
            if (conversation.isEmpty()) {
                throw new Failure("#" + channel.name() + " has no messages to import (only joins, leaves and "
                        + "channel changes, or day files that could not be read)");
            }
            Instant from = o.from() == null ? null : o.from().from();
            Instant until = o.to() == null ? null : o.to().until();
            List<Message> selected = ExportImporter.conversation(all, from, until);
            if (selected.isEmpty()) {
                throw new Failure("no messages in #" + channel.name() + " " + range(o) + "; its messages run from "
                        + MINUTE.format(conversation.get(0).at()) + " to "
                        + MINUTE.format(conversation.get(conversation.size() - 1).at()) + " UTC");
            }
            var names = new ExportUserNames(export.userNames());
            var request = new ExportImporter.Request(channel, selected, o.title(), o.severity(), pinReaction,
                    o.replace(), read.skippedFiles());
            try (Database db = openDatabase(databaseUrl, sqlite)) {
                var incidents = new JooqIncidentRepository(db);
                var timeline = new JooqTimelineRepository(db);
                var service = new IncidentService(incidents, timeline, new JooqPostmortemRepository(db),
                        new JooqActionItemRepository(db), db, context.clock);
                var learning = new LearningService(service, incidents, timeline, new JooqLearningRepository(db), db,
                        context.clock);
                var drafter = new PostmortemDrafter(service, learning, names, ttrTargets);
                Result result = new ExportImporter(service, drafter, db).importChannel(request, r -> {
                    if (o.out() != null) {
                        write(o.out(), r.markdown());
                    }
                });
                report(o, result, db, read);
            }
        }
        return Main.OK;
    }

    private void report(Options o, Result r, Database db, SlackExportReader.ChannelRead read) {
        String where = db.describe().replaceFirst("^jdbc:sqlite:", "");
        String what = "#" + r.incident().channelName() + " → " + r.incident().humanId()
                + (!r.replaced() ? "" : o.replace() ? " (timeline replaced)" : " (updated: " + r.added() + " new, "
                + (r.messages() - r.added()) + " already stored)") + " in " + where + " (" + r.messages()
                + (r.messages() == 1 ? " message" : " messages") + (r.pinned() > 0 ? ", " + r.pinned() + " pinned" : "")
                + ", " + MINUTE.format(r.incident().startedAt()) + " – " + MINUTE.format(r.incident().resolvedAt())
                + " UTC; draft v" + r.draftVersion() + ")"
                + (read.skippedFiles().isEmpty() ? "" : "; skipped " + read.skippedFiles().size() + " unreadable "
                + (read.skippedFiles().size() == 1 ? "file" : "files") + ": " + String.join(", ", read.skippedFiles()))
                + (read.withoutTs() == 0 ? "" : "; left out " + read.withoutTs() + (read.withoutTs() == 1
                ? " message" : " messages") + " without a valid ts");
        if (o.out() == null) {
            out.print(r.markdown());
            out.flush();
            err.println(PREFIX + what);
        } else {
            out.println("Wrote the draft postmortem to " + o.out() + ": " + what);
        }
    }

    private static Database openDatabase(String url, SqliteSettings sqlite) {
        try {
            return Database.open(url, sqlite.synchronous(), sqlite.groupCommit());
        } catch (RuntimeException e) {
            log.debug("Cannot open the database", e);
            throw new Failure(Main.oneLine(e.getMessage() != null ? e.getMessage() : Main.reason(e)));
        }
    }

    private static void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new Failure("cannot write the draft to " + file + ": it is a folder");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Failure("cannot write the draft to " + file + ": the folder " + parent + " does not exist");
        }
        if (Files.exists(file) && !Files.isWritable(file) || parent != null && !Files.isWritable(parent)) {
            throw new Failure("cannot write the draft to " + file + ": permission denied");
        }
    }

    /** Inside the import's transaction: a failure here rolls the import back. */
    private static void write(Path file, String markdown) {
        try {
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Failure("cannot write the draft to " + file + " (no such file or folder); nothing was stored");
        } catch (AccessDeniedException e) {
            throw new Failure("cannot write the draft to " + file + " (permission denied); nothing was stored");
        } catch (IOException e) {
            throw new Failure("cannot write the draft to " + file + " (" + Main.reason(e) + "); nothing was stored");
        }
    }

    private static String range(Options o) {
        if (o.from() != null && o.to() != null) {
            return "from " + o.fromText() + " to " + o.toText();
        }
        return o.from() != null ? "from " + o.fromText() + " on" : "up to " + o.toText();
    }

    private static String channelList(List<Channel> channels) {
        if (channels.isEmpty()) {
            return "(none)";
        }
        String listed = channels.stream().limit(MAX_LISTED_CHANNELS).map(Channel::name)
                .collect(Collectors.joining(", "));
        int more = channels.size() - MAX_LISTED_CHANNELS;
        return more > 0 ? listed + " … and " + more + " more" : listed;
    }

    /** The parsed command line. */
    record Options(Path export, String channel, TimeArg from, String fromText, TimeArg to, String toText,
                   String title, Severity severity, Path out, boolean replace) {

        /** Checks what was typed; throws {@link UsageException} with a one-line reason. */
        static Options of(String exportText, String channelText, String fromText, String toText, String titleText,
                          String severityText, String outText, boolean replace) {
            String channel = null;
            if (channelText != null) {
                channel = channelText.strip();
                if (channel.isEmpty() || channel.equals("#")) {
                    throw new UsageException("--channel needs a channel name");
                }
            }
            TimeArg from = fromText == null ? null : time("--from", fromText);
            TimeArg to = toText == null ? null : time("--to", toText);
            String title = null;
            if (titleText != null) {
                title = titleText.strip();
                if (title.isEmpty()) {
                    throw new UsageException("--title needs some text");
                }
            }
            Severity severity = severityText == null ? null : severity("--severity", severityText);
            Path out = outText == null || outText.isBlank() || outText.equals("-") ? null : Path.of(outText);
            if (exportText == null || exportText.isBlank()) {
                throw new UsageException("give the Slack export to read: a .zip file or the folder it unpacks to");
            }
            if (from != null && to != null && !from.from().isBefore(to.until())) {
                throw new UsageException("--from (" + fromText.strip() + ") must be before --to (" + toText.strip() + ")");
            }
            return new Options(Path.of(exportText), channel, from, fromText == null ? null : fromText.strip(), to,
                    toText == null ? null : toText.strip(), title, severity, out, replace);
        }

        private static Severity severity(String option, String value) {
            return Severity.parse(value).orElseThrow(() ->
                    new UsageException(option + " must be P1, P2, P3 or P4 (got \"" + value + "\")"));
        }

        private static TimeArg time(String option, String value) {
            return TimeArg.parse(value).orElseThrow(() -> new UsageException(option + ": cannot read \"" + value
                    + "\" as a time; use e.g. 2026-05-09T14:00:00Z, 2026-05-09T14:00 (UTC) or 2026-05-09"));
        }
    }
}
