package io.incidentbot.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The command line ({@code java -jar target/incident-bot.jar [command]}): without a command, or with
 * {@code run}, the bot; the other commands work offline or beside it. Every failure is one line on
 * stderr; exit codes: 0 done, 1 failed, 2 wrong command line or setting.
 */
@Command(name = Main.JAR, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"A Slack incident bot: incident channels, a live timeline, blameless postmortem drafts.",
                "Without a command it runs the bot (the same as `run`)."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Settings come from the environment and from a .env file in the working directory (the "
                + "environment wins); see .env.example and the README. `" + Main.JAR + " <command> --help` "
                + "explains a command.",
                "Exit codes: 0 done, 1 failed, 2 wrong command line or setting."})
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);
    /** How the README and the help texts call the jar. */
    static final String JAR = "java -jar target/incident-bot.jar";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    private final Context context;
    private final RunCommand run;

    private Main(Context context) {
        this.context = context;
        this.run = new RunCommand(context);
    }

    /**
     * What every command reads and writes: the environment and {@code .env} (settings), stdout and
     * stderr, the clock. {@code serving} is set by the commands that keep serving after they return
     * (the bot, the demo), so {@link #main} leaves the JVM running.
     */
    static final class Context {
        final Map<String, String> env;
        final Path dotEnv;
        final PrintStream out;
        final PrintStream err;
        final Clock clock;
        /** This JVM runs one command line (main), rather than a test running many in one JVM. */
        final boolean ownProcess;
        volatile boolean serving;

        Context(Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err, Clock clock) {
            this(env, dotEnv, out, err, clock, false);
        }

        private Context(Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err, Clock clock,
                        boolean ownProcess) {
            this.env = env == null ? Map.of() : env;
            this.dotEnv = dotEnv;
            this.out = out;
            this.err = err;
            this.clock = clock;
            this.ownProcess = ownProcess;
        }

        /**
         * For the commands other than the bot: log lines on stderr, warnings only unless LOG_LEVEL (from
         * the environment or {@code .env}) says otherwise. A test running commands in its JVM keeps its
         * console as it is and gets only the level LOG_LEVEL names, if any.
         */
        void quietLogs() {
            String level;
            try {
                level = io.incidentbot.config.Config.logLevel(env, dotEnv);
            } catch (io.incidentbot.config.Config.ConfigException e) {
                throw new Failure(USAGE_ERROR, e.getMessage());
            }
            if (ownProcess) {
                Logs.toStderr(level);
            } else {
                Logs.level(level);
            }
        }

        /** SQLITE_SYNCHRONOUS and SQLITE_GROUP_COMMIT from the environment or {@code .env}; a bad value is a usage error. */
        io.incidentbot.config.SqliteSettings sqlite() {
            try {
                return io.incidentbot.config.Config.sqlite(env, dotEnv);
            } catch (io.incidentbot.config.Config.ConfigException e) {
                throw new Failure(USAGE_ERROR, e.getMessage());
            }
        }
    }

    /** A failure the command already explains: {@code message} (one line) on stderr, then exit {@code exitCode}. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** The pom's version, as the build wrote it into version.properties. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"incident-bot " + version()};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }

    public static void main(String[] args) {
        Context context = new Context(System.getenv(), Path.of(".env"), utf8(System.out), utf8(System.err),
                Clock.systemUTC(), true);
        int code = execute(context, args);
        if (code != OK || !context.serving) {
            System.exit(code);
        }
    }

    /**
     * Runs one command line in this JVM, with these settings and streams, and returns its exit code
     * (for tests); never throws, never exits the JVM.
     */
    public static int execute(Map<String, String> env, Path dotEnv, PrintStream out, PrintStream err, String... args) {
        return execute(new Context(env, dotEnv, out, err, Clock.systemUTC()), args);
    }

    /** Runs one command line and returns its exit code; never throws, never exits the JVM. */
    static int execute(Context context, String... args) {
        CommandLine cli = commandLine(context);
        try {
            return cli.execute(args);
        } finally {
            context.out.flush();
            context.err.flush();
        }
    }

    static CommandLine commandLine(Context context) {
        Main main = new Main(context);
        CommandLine cli = new CommandLine(main)
                .addSubcommand(main.run)
                .addSubcommand(new ImportCommand(context))
                .addSubcommand(new BackupCommand(context))
                .addSubcommand(new MigrateDataCommand(context))
                .addSubcommand(new DemoCommand(context))
                .addSubcommand(new ManifestCommand(context))
                .addSubcommand(new HealthCommand(context))
                .addSubcommand(new CommandLine.HelpCommand());
        cli.setUsageHelpWidth(100);
        cli.setOut(new PrintWriter(new OutputStreamWriter(context.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(context.err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandSpec spec = ex.getCommandLine().getCommandSpec();
            String message = ex.getMessage();
            if (spec.parent() == null && ex instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                message = "unknown command \"" + unmatched.getUnmatched().get(0) + "\"";
            }
            ex.getCommandLine().getErr().println(prefix(spec) + oneLine(message) + "; see: " + spec.qualifiedName()
                    + " --help");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof Failure f) {
                line.getErr().println(prefix(line.getCommandSpec()) + oneLine(f.getMessage()));
                return f.exitCode;
            }
            log.debug("{} failed", line.getCommandSpec().qualifiedName(), ex);
            line.getErr().println(prefix(line.getCommandSpec()) + "failed: " + reason(ex));
            return FAILED;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        return run.call();
    }

    /** "incident-bot: " or "incident-bot import: ", before every error line. */
    static String prefix(CommandSpec spec) {
        return spec.parent() == null || spec.name().equals("run") ? "incident-bot: " : "incident-bot " + spec.name() + ": ";
    }

    /** A wrong command line, reported like picocli's own: one line and the command's --help. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
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
        return oneLine(message);
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /**
     * The stream writing UTF-8, whatever the platform's default: drafts and messages are full of it
     * (—, ↳, 📌, →), and Java 17 would print {@code ?} for each under a POSIX locale.
     */
    static PrintStream utf8(PrintStream stream) {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }
}
