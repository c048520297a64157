package io.incidentbot.slackapi;

import static io.incidentbot.slackapi.Json.arr;
import static io.incidentbot.slackapi.Json.obj;
import static io.incidentbot.slackapi.Json.str;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.SlackTs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one reading of a Slack message as the domain's {@link IncomingMessage}, with one set of
 * limits: live events, back-filled history ({@code conversations.history}/{@code replies}), the
 * "Add to incident timeline" shortcut and an export's day files all have the same message shape,
 * so each of them gets the same text, author, bot name and files from it.
 */
public final class SlackMessages {
    /** Longer texts are cut here (Slack itself caps a message at 40,000 characters). */
    public static final int MAX_TEXT = 40_000;
    static final String TRUNCATED = "… (truncated)";
    /** At most this many file names per message; the rest are counted. */
    static final int MAX_FILES = 50;
    /**
     * Subtypes that carry conversation; everything else (channel_join, channel_topic, …) is channel
     * noise. {@code reply_broadcast} and {@code file_comment} only occur in exports from before 2019.
     */
    private static final Set<String> CONVERSATION = Set.of("thread_broadcast", "reply_broadcast", "me_message",
            "file_share", "file_comment", "bot_message");

    private SlackMessages() {
    }

    /**
     * Names an integration whose message does not (no {@code username}, no {@code bot_profile}):
     * an export knows them from users.json and its "added an integration" messages. Null: unknown.
     */
    @FunctionalInterface
    public interface BotNames {
        BotNames NONE = (botId, userId) -> null;

        String nameOf(String botId, String userId);
    }

    /** Plain messages and the subtypes that carry conversation; joins, topic changes and the like do not. */
    public static boolean carriesConversation(String subtype) {
        return subtype == null || CONVERSATION.contains(subtype);
    }

    /** As {@link #carriesConversation(String)}, and not hidden (Slack hides edits' and deletes' envelopes). */
    public static boolean carriesConversation(JsonObject m) {
        JsonElement hidden = m.get("hidden");
        boolean isHidden = hidden != null && hidden.isJsonPrimitive() && hidden.getAsJsonPrimitive().isBoolean()
                && hidden.getAsBoolean();
        return !isHidden && carriesConversation(str(m, "subtype"));
    }

    /** A message without an integration name lookup (live events, history pages). */
    public static IncomingMessage toMessage(String teamId, String enterpriseId, String channel, JsonObject m) {
        return toMessage(teamId, enterpriseId, channel, m, BotNames.NONE);
    }

    /**
     * The message as the domain sees it; null when it has no valid {@code ts} (nothing could key it).
     * {@code enterpriseId} is the Enterprise Grid organization Slack named with it, or null.
     */
    public static IncomingMessage toMessage(String teamId, String enterpriseId, String channel, JsonObject m,
                                            BotNames bots) {
        String ts = str(m, "ts");
        if (!SlackTs.isValid(ts)) {
            return null;
        }
        String threadTs = str(m, "thread_ts");
        if (!SlackTs.isValid(threadTs)) {
            threadTs = null;
        }
        JsonObject comment = obj(m, "comment"); // a file_comment of an old export: the comment says who
        String user = str(m, "user");
        if (user == null) {
            user = str(comment, "user");
        }
        String botName = isFromBot(m) ? botName(m, user, bots) : null;
        return new IncomingMessage(teamId, channel, ts, threadTs, user, botName, limited(textOf(m, comment)),
                fileNames(m), enterpriseId);
    }

    /** When the message's text was last edited (Slack's {@code edited.ts}), or null when never. */
    public static Instant editedAt(JsonObject m) {
        String ts = str(obj(m, "edited"), "ts");
        return SlackTs.isValid(ts) ? SlackTs.toInstant(ts) : null;
    }

    /** True for {@code PIN_REACTION} itself and any skin-tone variant of it ({@code pushpin::skin-tone-2}). */
    public static boolean isPinReaction(String reaction, String pinReaction) {
        return reaction != null && (reaction.equals(pinReaction) || reaction.startsWith(pinReaction + "::"));
    }

    /**
     * Who reacted to the message with the pin reaction, as history pages and exports list it; a
     * reaction listed without its users counts once, as {@code null}.
     */
    public static List<String> pinnedBy(JsonObject m, String pinReaction) {
        JsonArray reactions = arr(m, "reactions");
        if (reactions == null) {
            return List.of();
        }
        List<String> users = new ArrayList<>();
        for (JsonElement r : reactions) {
            JsonObject reaction = r.isJsonObject() ? r.getAsJsonObject() : null;
            if (reaction == null || !isPinReaction(str(reaction, "name"), pinReaction)) {
                continue;
            }
            JsonArray who = arr(reaction, "users");
            if (who == null || who.isEmpty()) {
                users.add(null);
                continue;
            }
            for (JsonElement user : who) {
                if (user.isJsonPrimitive()) {
                    users.add(user.getAsString());
                }
            }
        }
        return users;
    }

    private static boolean isFromBot(JsonObject m) {
        return str(m, "bot_id") != null || "bot_message".equals(str(m, "subtype"));
    }

    private static String botName(JsonObject m, String user, BotNames bots) {
        String botId = str(m, "bot_id");
        String name = firstNonBlank(str(m, "username"), str(obj(m, "bot_profile"), "name"),
                bots.nameOf(botId, user));
        if (name != null) {
            return oneLine(name);
        }
        return botId != null ? botId : "integration";
    }

    /**
     * The message text; for attachment-only alerts the attachments' own text. An old export's
     * file comment without a text keeps the comment.
     */
    private static String textOf(JsonObject m, JsonObject comment) {
        String text = str(m, "text");
        if (text != null && !text.isBlank()) {
            return text;
        }
        String commented = str(comment, "comment");
        if (commented != null) {
            return commented;
        }
        JsonArray attachments = arr(m, "attachments");
        if (attachments == null) {
            return text == null ? "" : text;
        }
        List<String> parts = new ArrayList<>();
        for (JsonElement a : attachments) {
            if (a.isJsonObject()) {
                JsonObject o = a.getAsJsonObject();
                String part = firstNonBlank(str(o, "fallback"), str(o, "text"), str(o, "title"), str(o, "pretext"));
                if (part != null) {
                    parts.add(part);
                }
            }
        }
        return String.join("\n", parts);
    }

    private static String limited(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split an emoji
        }
        return text.substring(0, end) + TRUNCATED;
    }

    /** Names of the files shared with it: {@code files}, or an old export's single {@code file}. */
    private static List<String> fileNames(JsonObject m) {
        List<JsonObject> files = new ArrayList<>();
        JsonArray array = arr(m, "files");
        if (array != null) {
            for (JsonElement f : array) {
                if (f.isJsonObject()) {
                    files.add(f.getAsJsonObject());
                }
            }
        }
        JsonObject single = obj(m, "file");
        if (single != null && files.isEmpty()) {
            files.add(single);
        }
        List<String> names = new ArrayList<>();
        int unnamed = 0;
        for (JsonObject f : files) {
            String mode = str(f, "mode");
            if ("tombstone".equals(mode)) {
                continue; // deleted: nothing to show
            }
            String name = firstNonBlank(str(f, "name"), str(f, "title"));
            if ("hidden_by_limit".equals(mode) || name == null) {
                unnamed++; // beyond a free plan's history, or a name Slack did not send
                continue;
            }
            if (names.size() < MAX_FILES) {
                names.add(oneLine(name));
            } else {
                unnamed++;
            }
        }
        if (unnamed > 0) {
            names.add(unnamed + (unnamed == 1 ? " more file" : " more files"));
        }
        return List.copyOf(names);
    }

    private static String oneLine(String s) {
        return s.strip().replace('\n', ' ').replace('\r', ' ');
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
