package io.incidentbot.importer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.incidentbot.config.Config;
import io.incidentbot.importer.ExportImporter.Result;
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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
public final class ImportCommand {
    private static final Logger log = LoggerFactory.getLogger(ImportCommand.class);

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    static final String PREFIX = "incident-bot import: ";
    static final String HELP_HINT = "; see: java -jar target/incident-bot.jar import --help";
    private static final int MAX_LISTED_CHANNELS = 30;
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    public static final String USAGE = """
            Usage: java -jar target/incident-bot.jar import <export.zip | export-folder> --channel <name> [options]

            Turns one channel of a Slack workspace export into a resolved incident with its timeline,
            stores it in the database (DATABASE_URL, default jdbc:sqlite:incidents.db) and drafts its
            postmortem exactly as /incident resolve does. No Slack token or network needed.

            Options:
              --channel <name>     the channel to import, e.g. inc-orders-api-502 (required)
              --from <time>        leave out messages before this time
              --to <time>          leave out messages after this time
                                   times are UTC unless they say otherwise: 2026-05-09T14:00:00Z,
                                   2026-05-09T16:00+02:00, 2026-05-09T14:00 or a whole day: 2026-05-09
              --title <text>       the incident's title (default: the channel name)
              --severity <P1-P4>   the incident's severity (default: P3)
              --out <file.md>      write the draft to this file instead of printing it
              --replace            replace the timeline stored by an earlier import of this channel
              -h, --help           show this help

            Importing the same channel again merges by message: what is new is added, what is stored is
            kept (--replace replaces it), and a new draft version is stored.
            📌 reactions (PIN_REACTION) and Slack pins mark key events; joins and topic changes are left out.

            Example:
              java -jar target/incident-bot.jar import examples/slack-export --channel inc-orders-api-502 --out postmortem.md""";

    private final Map<String, String> env;
    private final Path dotEnv;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    private ImportCommand(Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.dotEnv = dotEnv;
        this.out = out;
        this.err = err;
        this.clock = clock;
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

    /**
     * Runs the command. {@code args} are the words after {@code import}; {@code env} and {@code dotEnv}
     * provide DATABASE_URL and PIN_REACTION. Returns the process exit code; never throws.
     */
    public static int run(String[] args, Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err) {
        return run(args, env, dotEnv, out, err, Clock.systemUTC());
    }

    static int run(String[] args, Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err,
                   Clock clock) {
        try {
            if (args == null || args.length == 0) {
                err.println(USAGE);
                return USAGE_ERROR;
            }
            Options options = Options.parse(args);
            if (options.help()) {
                out.println(USAGE);
                return OK;
            }
            return new ImportCommand(env == null ? Map.of() : env, dotEnv, out, err, clock).execute(options);
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage() + HELP_HINT);
            return USAGE_ERROR;
        } catch (Config.ConfigException e) {
            err.println(PREFIX + e.getMessage());
            return USAGE_ERROR;
        } catch (Failure | ExportException e) {
            err.println(PREFIX + e.getMessage());
            return FAILED;
        } catch (RuntimeException | Error e) {
            log.debug("Import failed", e);
            err.println(PREFIX + "the import failed and nothing was stored: " + reason(e));
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(Options o) {
        String databaseUrl = Config.databaseUrl(env, dotEnv);
        String pinReaction = Config.pinReaction(env, dotEnv);
        TtrTargets ttrTargets = Config.ttrTargets(env, dotEnv);
        if (o.out() != null) {
            checkWritable(o.out());
        }
        try (SlackExportReader export = SlackExportReader.open(o.export(), w -> err.println(PREFIX + "warning: " + w))) {
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
            List<Message> all = export.messages(channel);
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
                    o.replace());
            try (Database db = openDatabase(databaseUrl)) {
                var incidents = new JooqIncidentRepository(db);
                var timeline = new JooqTimelineRepository(db);
                var service = new IncidentService(incidents, timeline, new JooqPostmortemRepository(db),
                        new JooqActionItemRepository(db), db, clock);
                var learning = new LearningService(service, incidents, timeline, new JooqLearningRepository(db), db,
                        clock);
                var drafter = new PostmortemDrafter(service, learning, names, ttrTargets);
                Result result = new ExportImporter(service, drafter, db).importChannel(request, r -> {
                    if (o.out() != null) {
                        write(o.out(), r.markdown());
                    }
                });
                report(o, result, db);
            }
        }
        return OK;
    }

    private void report(Options o, Result r, Database db) {
        String where = db.describe().replaceFirst("^jdbc:sqlite:", "");
        String what = "#" + r.incident().channelName() + " → " + r.incident().humanId()
                + (!r.replaced() ? "" : o.replace() ? " (timeline replaced)" : " (updated: " + r.added() + " new, "
                + (r.messages() - r.added()) + " already stored)") + " in " + where + " (" + r.messages()
                + (r.messages() == 1 ? " message" : " messages") + (r.pinned() > 0 ? ", " + r.pinned() + " pinned" : "")
                + ", " + MINUTE.format(r.incident().startedAt()) + " – " + MINUTE.format(r.incident().resolvedAt())
                + " UTC; draft v" + r.draftVersion() + ")";
        if (o.out() == null) {
            out.print(r.markdown());
            out.flush();
            err.println(PREFIX + what);
        } else {
            out.println("Wrote the draft postmortem to " + o.out() + ": " + what);
        }
    }

    private static Database openDatabase(String url) {
        try {
            return Database.open(url);
        } catch (RuntimeException e) {
            log.debug("Cannot open the database", e);
            throw new Failure(SlackExportReader.oneLine(e.getMessage() != null ? e.getMessage() : reason(e)));
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
            throw new Failure("cannot write the draft to " + file + " (" + reason(e) + "); nothing was stored");
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

    /** The innermost message of a failure, on one line. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return SlackExportReader.oneLine(message);
    }

    /**
     * The stream writing UTF-8, whatever the platform's default: Markdown is UTF-8 and the draft is
     * full of it (—, ↳, 📌), and Java 17 would print {@code ?} for each under a POSIX locale.
     */
    public static PrintStream utf8(PrintStream stream) {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    /**
     * For the command line: log lines go to stderr (stdout carries the draft) and only warnings
     * show unless LOG_LEVEL asks for more.
     */
    public static void sendLogsToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("LOG_LEVEL");
        if (level == null || level.isBlank()) {
            root.setLevel(Level.WARN);
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }

    /** The parsed command line. */
    record Options(Path export, String channel, TimeArg from, String fromText, TimeArg to, String toText,
                   String title, Severity severity, Path out, boolean replace, boolean help) {

        static Options parse(String[] args) {
            Path export = null;
            String channel = null;
            TimeArg from = null;
            String fromText = null;
            TimeArg to = null;
            String toText = null;
            String title = null;
            Severity severity = null;
            Path out = null;
            boolean replace = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help") || arg.equals("help") && i == 0 && args.length == 1) {
                    return new Options(null, null, null, null, null, null, null, null, null, false, true);
                }
                if (arg.equals("--replace")) {
                    replace = true;
                    continue;
                }
                if (!arg.startsWith("-") || arg.equals("-")) {
                    if (export != null) {
                        throw new UsageException("unexpected argument \"" + arg + "\": give one export (a .zip "
                                + "or a folder); quote a --title with spaces");
                    }
                    export = Path.of(arg);
                    continue;
                }
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                String option = switch (name) {
                    case "--channel", "-c" -> "--channel";
                    case "--from", "--since" -> "--from";
                    case "--to", "--until" -> "--to";
                    case "--title", "-t" -> "--title";
                    case "--severity", "--sev", "-s" -> "--severity";
                    case "--out", "-o" -> "--out";
                    default -> throw new UsageException("unknown option " + name);
                };
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException(option + " needs a value");
                    }
                    value = args[++i];
                }
                switch (option) {
                    case "--channel" -> {
                        channel = value.strip();
                        if (channel.isEmpty() || channel.equals("#")) {
                            throw new UsageException("--channel needs a channel name");
                        }
                    }
                    case "--from" -> {
                        from = time("--from", value);
                        fromText = value.strip();
                    }
                    case "--to" -> {
                        to = time("--to", value);
                        toText = value.strip();
                    }
                    case "--title" -> {
                        title = value.strip();
                        if (title.isEmpty()) {
                            throw new UsageException("--title needs some text");
                        }
                    }
                    case "--severity" -> severity = severity("--severity", value);
                    case "--out" -> out = value.isBlank() || value.equals("-") ? null : Path.of(value);
                    default -> throw new IllegalStateException(option);
                }
            }
            if (export == null) {
                throw new UsageException("give the Slack export to read: a .zip file or the folder it unpacks to");
            }
            if (from != null && to != null && !from.from().isBefore(to.until())) {
                throw new UsageException("--from (" + fromText + ") must be before --to (" + toText + ")");
            }
            return new Options(export, channel, from, fromText, to, toText, title, severity, out, replace, false);
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
