package io.incidentbot.web;

import io.incidentbot.incident.Incident;
import io.incidentbot.postmortem.SlackText;
import io.incidentbot.postmortem.UserNames;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack text (mrkdwn with {@code & < >} entity-escaped) as safe HTML for the pages: mentions
 * become names, entities are decoded, and the result is escaped with {@link Html#esc}. Only
 * {@code http}/{@code https} addresses become links; anything else (a {@code javascript:} link,
 * raw HTML, Markdown) stays visible as text.
 */
final class SlackHtml {
    /** {@code [label](https://…)} as written by {@link SlackText} for labelled links, or a bare http(s) URL. */
    private static final Pattern LINK = Pattern.compile(
            "\\[((?:\\\\.|[^\\]\\\\\\n]){1,1000})]\\((https?://[^\\s()<>]{1,2000})\\)"
                    + "|(https?://[^\\s<>()\\[\\]\"'`]{1,2000})",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_ESCAPE = Pattern.compile("\\\\([\\[\\]\\\\])");

    private SlackHtml() {
    }

    private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{2,30}");
    private static final Pattern TEAM_ID = Pattern.compile("T[A-Z0-9]{2,30}");

    /**
     * The incident's channel as a link that opens it in Slack ({@code app_redirect}, with the workspace
     * when its id is known), or its name as text while there is no channel id; "—" without a channel.
     */
    static String channelLink(Incident incident) {
        if (incident.channelName() == null) {
            return "—";
        }
        String name = Html.esc("#" + incident.channelName());
        String id = incident.channelId();
        if (id == null || !CHANNEL_ID.matcher(id).matches()) {
            return name;
        }
        String team = incident.teamId();
        String href = "https://slack.com/app_redirect?channel=" + id
                + (team != null && TEAM_ID.matcher(team).matches() ? "&team=" + team : "");
        return "<a class=\"channel\" href=\"" + Html.esc(href) + "\" title=\"Open in Slack\">" + name + "</a>";
    }

    /** Readable plain text (still to be escaped by whoever puts it in a page). */
    static String plain(String mrkdwn, UserNames names) {
        return SlackText.toMarkdown(mrkdwn, names);
    }

    /** Safe HTML: escaped text with http(s) links. */
    static String html(String mrkdwn, UserNames names) {
        return linkify(plain(mrkdwn, names));
    }

    static String linkify(String text) {
        Matcher m = LINK.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 32);
        int last = 0;
        while (m.find()) {
            out.append(Html.esc(text.substring(last, m.start())));
            String url;
            String label;
            String trailing = "";
            if (m.group(2) != null) {
                url = m.group(2);
                label = LABEL_ESCAPE.matcher(m.group(1)).replaceAll("$1");
            } else {
                url = m.group(3);
                int end = url.length();
                while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) {
                    end--; // sentence punctuation after a bare URL is not part of it
                }
                trailing = url.substring(end);
                url = url.substring(0, end);
                label = url;
            }
            out.append("<a href=\"").append(Html.esc(url)).append("\" rel=\"nofollow noopener noreferrer\">")
                    .append(Html.esc(label)).append("</a>").append(Html.esc(trailing));
            last = m.end();
        }
        out.append(Html.esc(text.substring(last)));
        return out.toString();
    }

    /** One lookup per person per page: names may come from Slack. Never returns null or a leading '@'. */
    static UserNames memoize(UserNames names) {
        Map<String, String> seen = new HashMap<>();
        return id -> {
            if (id == null || id.isBlank()) {
                return "unknown";
            }
            return seen.computeIfAbsent(id, k -> {
                String n = names == null ? null : names.displayName(k);
                if (n == null || n.isBlank()) {
                    return k;
                }
                return n.startsWith("@") ? n.substring(1) : n;
            });
        };
    }
}
