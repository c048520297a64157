package io.incidentbot.postmortem;

import io.incidentbot.incident.TimelineEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message as the extractors read it: plain text (entities decoded, links reduced to their label,
 * formatting marks dropped, mentions kept as {@code <@U…>} so owners can be read), the speaker's time
 * zone (UTC when unknown), whether a bot posted it, and its source.
 */
record Utterance(String text, ZoneId zone, boolean bot, boolean pinned, Source source) {

    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)>");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s+|\\n+");

    Instant at() {
        return source.at();
    }

    String speaker() {
        return source.authorId();
    }

    /** The message's sentences (split at . ! ? followed by a space, and at line breaks), trimmed. */
    List<String> sentences() {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text)) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The user ids mentioned in {@code sentence}, in order. */
    static List<String> mentions(String sentence) {
        List<String> ids = new ArrayList<>();
        Matcher m = MENTION.matcher(sentence);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The messages of a timeline (people's and bots', not lifecycle lines, not deleted), in order. */
    static List<Utterance> of(List<TimelineEntry> entries, UserNames names) {
        List<Utterance> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (TimelineEntry e : entries) {
            if (e == null || e.deleted() || e.kind() == TimelineEntry.Kind.LIFECYCLE || e.occurredAt() == null) {
                continue;
            }
            String text = plain(e.text());
            if (text.isBlank()) {
                continue;
            }
            boolean bot = e.kind() == TimelineEntry.Kind.BOT_MESSAGE;
            ZoneId zone = bot || names == null ? null : names.timeZone(e.authorId());
            out.add(new Utterance(text, zone == null ? ZoneOffset.UTC : zone, bot, e.pinned(), Source.of(e)));
        }
        return out;
    }

    /**
     * Slack mrkdwn as plain words: {@code <@U1|name>} → {@code <@U1>}, {@code <#C1|name>} → #name,
     * {@code <url|label>} → label, {@code <url>} → url, {@code <!here>} → @here, {@code *bold*},
     * {@code _italic_}, {@code ~strike~} marks dropped, {@code &amp;lt;&gt;} decoded.
     */
    static String plain(String mrkdwn) {
        if (mrkdwn == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(mrkdwn.length());
        int n = mrkdwn.length();
        for (int i = 0; i < n; i++) {
            char c = mrkdwn.charAt(i);
            if (c == '<') {
                int close = mrkdwn.indexOf('>', i + 1);
                int nl = mrkdwn.indexOf('\n', i + 1);
                if (close > i + 1 && (nl < 0 || nl > close)) {
                    String inner = mrkdwn.substring(i + 1, close);
                    int bar = inner.indexOf('|');
                    String target = bar < 0 ? inner : inner.substring(0, bar);
                    String label = bar < 0 ? null : inner.substring(bar + 1);
                    if (target.startsWith("@")) {
                        out.append("<@").append(target.substring(1)).append('>');
                    } else if (target.startsWith("#")) {
                        out.append('#').append(label != null ? label : target.substring(1));
                    } else if (target.startsWith("!")) {
                        String cmd = target.substring(1);
                        int caret = cmd.indexOf('^');
                        out.append(label != null ? label : "@" + (caret < 0 ? cmd : cmd.substring(0, caret)));
                    } else {
                        out.append(label != null && !label.isBlank() ? label + " (" + target + ")" : target);
                    }
                    i = close;
                    continue;
                }
            }
            if (c == '*' || c == '~') {
                continue;
            }
            if (c == '_' && (i == 0 || !Character.isLetterOrDigit(mrkdwn.charAt(i - 1))
                    || i + 1 == n || !Character.isLetterOrDigit(mrkdwn.charAt(i + 1)))) {
                continue; // an italic mark, not snake_case
            }
            out.append(c);
        }
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replace('\u00a0', ' ');
    }
}
