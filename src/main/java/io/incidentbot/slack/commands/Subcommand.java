package io.incidentbot.slack.commands;

/** One {@code /incident <name>} subcommand. Runs before the ack: store first, call Slack later. */
public interface Subcommand {
    String name();

    /** How to type it, after {@code /incident }, e.g. {@code resolve [<root cause>]}. */
    String syntax();

    /** What it does, in a few words. */
    String description();

    /** The ephemeral answer to the person who typed the command. */
    String run(Invocation invocation, String args);

    default String usage() {
        return "`/incident " + syntax() + "` — " + description();
    }
}
