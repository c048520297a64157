package io.incidentbot.slack.commands;

/**
 * One {@code /incident …} as Slack sent it, reduced to what the commands need. {@code enterpriseId}
 * is the Enterprise Grid organization Slack named with it, or null.
 */
public record Invocation(String teamId, String channelId, String userId, String text,
                         String responseUrl, String triggerId, String channelName, String enterpriseId) {

    public Invocation(String teamId, String channelId, String userId, String text, String responseUrl,
                      String triggerId, String channelName) {
        this(teamId, channelId, userId, text, responseUrl, triggerId, channelName, null);
    }

    public Invocation(String teamId, String channelId, String userId, String text, String responseUrl,
                      String triggerId) {
        this(teamId, channelId, userId, text, responseUrl, triggerId, null, null);
    }
}
