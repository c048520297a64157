package io.incidentbot.slack.commands;

/** One {@code /incident …} as Slack sent it, reduced to what the commands need. */
public record Invocation(String teamId, String channelId, String userId, String text,
                         String responseUrl, String triggerId, String channelName) {

    public Invocation(String teamId, String channelId, String userId, String text, String responseUrl,
                      String triggerId) {
        this(teamId, channelId, userId, text, responseUrl, triggerId, null);
    }
}
