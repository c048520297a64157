package io.incidentbot.slack.commands;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Splits {@code /incident <subcommand> <args>} and answers help, unknown and failing subcommands. */
public final class CommandRouter {
    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();
    private final Predicate<Invocation> onBlank;

    public CommandRouter(List<Subcommand> commands) {
        this(commands, inv -> false);
    }

    /** {@code onBlank} gets a bare {@code /incident} first (e.g. to open a form); false means "show help". */
    public CommandRouter(List<Subcommand> commands, Predicate<Invocation> onBlank) {
        for (Subcommand c : commands) {
            subcommands.put(c.name(), c);
        }
        this.onBlank = onBlank;
    }

    /**
     * The ephemeral reply for the ack, or null when there is nothing to say (a modal opened);
     * never throws.
     */
    public String handle(Invocation inv) {
        String text = inv.text() == null ? "" : inv.text().strip();
        int space = indexOfWhitespace(text);
        String name = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space).strip();
        if (name.isEmpty() && onBlank.test(inv)) {
            return null;
        }
        if (name.isEmpty() || name.equals("help") || name.equals("--help") || name.equals("-h")) {
            return help();
        }
        Subcommand command = subcommands.get(name);
        if (command == null) {
            return ":thinking_face: I don't know `/incident " + name + "`.\n" + help();
        }
        try {
            return command.run(inv, args);
        } catch (RuntimeException e) {
            log.error("/incident {} failed for user {} in {}", name, inv.userId(), inv.channelId(), e);
            return ":warning: Something went wrong while running `/incident " + name
                    + "`; nothing was half-done. Please try again in a moment.";
        }
    }

    public String help() {
        StringBuilder sb = new StringBuilder("*How to use `/incident`*");
        for (Subcommand c : subcommands.values()) {
            sb.append("\n• ").append(c.usage());
        }
        sb.append("\n• `/incident help` — this help");
        return sb.toString();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
