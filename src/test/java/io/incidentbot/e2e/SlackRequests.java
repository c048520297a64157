package io.incidentbot.e2e;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds and sends requests to the app the way Slack does: correctly signed
 * ({@code X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body))}) POSTs to
 * {@code <baseUrl>/slack/events} — slash commands (form-encoded), Events API {@code event_callback}
 * envelopes (JSON) and interactivity payloads ({@code payload=<json>}).
 *
 * <p>The event builders start from the full shapes in the classpath folder
 * {@code slack-payload-shapes/events/} (every field Slack may send, incl. blocks with all element
 * types, attachments, files, bot profiles) and replace the placeholders with realistic values.
 * Fields whose mere presence would change what a message <em>is</em> are left out where Slack
 * leaves them out (e.g. a human's top-level message has no {@code bot_id}, {@code bot_profile},
 * {@code thread_ts}, {@code parent_user_id} or {@code edited}); use {@link #fillShape} to get a shape
 * with every field filled.
 *
 * <p>Workspace: team {@value FakeSlack#TEAM_ID}, app {@value FakeSlack#APP_ID}, bot user
 * {@value FakeSlack#BOT_USER_ID} — the same identities {@link FakeSlack} reports from auth.test.
 */
public final class SlackRequests {

    public static final String TEAM_ID = FakeSlack.TEAM_ID;
    public static final String TEAM_DOMAIN = FakeSlack.TEAM_DOMAIN;
    public static final String APP_ID = FakeSlack.APP_ID;
    public static final String BOT_USER_ID = FakeSlack.BOT_USER_ID;
    public static final String BOT_ID = FakeSlack.BOT_ID;
    /** The (deprecated) verification token put in payloads; Bolt ignores it when a signing secret is set. */
    public static final String VERIFICATION_TOKEN = "xyzzVerificationToken0Ab";
    public static final String COMMAND = "/incident";
    /** Used by {@link #fillShape} and the builders when no user/channel is given. */
    public static final String DEFAULT_USER = "U0ALICE";
    public static final String DEFAULT_CHANNEL = "C0GENERAL";
    /** The ts placeholders become when no ts is given. */
    public static final String DEFAULT_TS = "1700000000.000100";
    public static final String SHAPES_FOLDER = "slack-payload-shapes/";

    /** Pass as {@code timestamp} to {@link #post(String, String, long, String, Map)} to send no timestamp header. */
    public static final long OMIT_TIMESTAMP = Long.MIN_VALUE;
    /** Pass as {@code signatureOrNull} to {@link #post(String, String, long, String, Map)} to send no signature header. */
    public static final String OMIT_SIGNATURE = "";

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final AtomicLong LAST_TS_MICROS = new AtomicLong();

    private final String baseUrl;
    private final String signingSecret;
    private final HttpClient http;

    /**
     * @param baseUrl       the app's base URL, e.g. {@code http://127.0.0.1:3000}; requests go to
     *                      {@code baseUrl + "/slack/events"}
     * @param signingSecret the app's signing secret
     */
    public SlackRequests(String baseUrl, String signingSecret) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.signingSecret = signingSecret;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** {@code <baseUrl>/slack/events}. */
    public String eventsUrl() {
        return baseUrl + "/slack/events";
    }

    // ------------------------------------------------------------------ signing and posting

    /** {@code v0=} + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)), body as UTF-8. */
    public static String sign(String signingSecret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a body signed with the current time. */
    public HttpResponse<String> post(String body, String contentType) {
        return post(body, contentType, nowSeconds(), null, Map.of());
    }

    /**
     * Posts to {@link #eventsUrl()} with full control, for negative tests.
     *
     * @param timestamp       the {@code X-Slack-Request-Timestamp} (epoch seconds) — also used for the
     *                        computed signature; {@link #OMIT_TIMESTAMP} sends no such header (the
     *                        signature is then computed with the current time)
     * @param signatureOrNull null: the correct signature for {@code timestamp} and {@code body};
     *                        {@link #OMIT_SIGNATURE} ({@code ""}): no signature header; anything else is
     *                        sent as-is
     * @param extraHeaders    added last (may be empty or null)
     */
    public HttpResponse<String> post(String body, String contentType, long timestamp, String signatureOrNull,
                                     Map<String, String> extraHeaders) {
        long signTs = timestamp == OMIT_TIMESTAMP ? nowSeconds() : timestamp;
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(eventsUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .header("Accept", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (timestamp != OMIT_TIMESTAMP) {
            rb.header("X-Slack-Request-Timestamp", Long.toString(timestamp));
        }
        if (signatureOrNull == null) {
            rb.header("X-Slack-Signature", sign(signingSecret, signTs, body));
        } else if (!signatureOrNull.isEmpty()) {
            rb.header("X-Slack-Signature", signatureOrNull);
        }
        if (extraHeaders != null) {
            extraHeaders.forEach(rb::header);
        }
        try {
            return http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + eventsUrl() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + eventsUrl(), e);
        }
    }

    // ------------------------------------------------------------------ slash commands

    /** Sends {@code /incident <text>} exactly as Slack does (form-encoded, every field). */
    public HttpResponse<String> slashCommand(String teamId, String channelId, String userId, String text,
                                             String responseUrl) {
        return slashCommand(slashCommandFields(teamId, channelId, userId, text, responseUrl));
    }

    /** Sends a slash command with the given form fields (e.g. {@link #slashCommandFields} with changes). */
    public HttpResponse<String> slashCommand(Map<String, String> fields) {
        return post(formEncode(fields), FORM);
    }

    /**
     * The form fields Slack sends for {@code /incident <text>}, in Slack's order: token, team_id,
     * team_domain, enterprise_id, enterprise_name (both empty: not an Enterprise Grid workspace),
     * channel_id, channel_name, user_id, user_name, command, text, api_app_id, is_enterprise_install,
     * response_url, trigger_id. Mutable, so tests can change or remove fields.
     */
    public static LinkedHashMap<String, String> slashCommandFields(String teamId, String channelId, String userId,
                                                                   String text, String responseUrl) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put("token", VERIFICATION_TOKEN);
        f.put("team_id", teamId);
        f.put("team_domain", TEAM_DOMAIN);
        f.put("enterprise_id", "");
        f.put("enterprise_name", "");
        f.put("channel_id", channelId);
        f.put("channel_name", channelId != null && channelId.startsWith("D") ? "directmessage" : "general");
        f.put("user_id", userId);
        f.put("user_name", ("user-" + userId).toLowerCase(Locale.ROOT));
        f.put("command", COMMAND);
        f.put("text", text == null ? "" : text);
        f.put("api_app_id", APP_ID);
        f.put("is_enterprise_install", "false");
        f.put("response_url", responseUrl);
        f.put("trigger_id", newTriggerId());
        return f;
    }

    /** {@code application/x-www-form-urlencoded} encoding (UTF-8; null values become empty). */
    public static String formEncode(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ events

    /** Posts {@code event} wrapped in an {@code event_callback} envelope (see {@link #envelope}). */
    public HttpResponse<String> event(JsonObject event, String eventId) {
        return event(event, eventId, 0);
    }

    /**
     * Posts {@code event} wrapped in an {@code event_callback} envelope; {@code retryNum > 0} adds
     * {@code X-Slack-Retry-Num: <retryNum>} and {@code X-Slack-Retry-Reason: http_timeout}, as Slack
     * does when it redelivers an event it got no timely 200 for.
     */
    public HttpResponse<String> event(JsonObject event, String eventId, int retryNum) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (retryNum > 0) {
            headers.put("X-Slack-Retry-Num", Integer.toString(retryNum));
            headers.put("X-Slack-Retry-Reason", "http_timeout");
        }
        return post(envelope(event, eventId).toString(), JSON, nowSeconds(), null, headers);
    }

    /**
     * The {@code event_callback} envelope Slack sends for a single workspace (no Enterprise Grid):
     * token, team_id, context_team_id, context_enterprise_id (null), api_app_id, event, type,
     * event_id, event_time, authorizations, is_ext_shared_channel, event_context.
     */
    public static JsonObject envelope(JsonObject event, String eventId) {
        JsonObject env = new JsonObject();
        env.addProperty("token", VERIFICATION_TOKEN);
        env.addProperty("team_id", TEAM_ID);
        env.addProperty("context_team_id", TEAM_ID);
        env.add("context_enterprise_id", JsonNull.INSTANCE);
        env.addProperty("api_app_id", APP_ID);
        env.add("event", event.deepCopy());
        env.addProperty("type", "event_callback");
        env.addProperty("event_id", eventId);
        env.addProperty("event_time", nowSeconds());
        JsonObject auth = new JsonObject();
        auth.add("enterprise_id", JsonNull.INSTANCE);
        auth.addProperty("team_id", TEAM_ID);
        auth.addProperty("user_id", BOT_USER_ID);
        auth.addProperty("is_bot", true);
        auth.addProperty("is_enterprise_install", false);
        JsonArray auths = new JsonArray();
        auths.add(auth);
        env.add("authorizations", auths);
        env.addProperty("is_ext_shared_channel", false);
        env.addProperty("event_context", eventContext(event));
        return env;
    }

    /** Posts Slack's {@code url_verification} challenge (sent when the Request URL is configured). */
    public HttpResponse<String> urlVerification(String challenge) {
        JsonObject body = new JsonObject();
        body.addProperty("token", VERIFICATION_TOKEN);
        body.addProperty("challenge", challenge);
        body.addProperty("type", "url_verification");
        return post(body.toString(), JSON);
    }

    // ------------------------------------------------------------------ interactivity

    /** Posts an interactivity payload (block_actions, view_submission, …) as {@code payload=<urlencoded json>}. */
    public HttpResponse<String> interactivity(String payloadJson) {
        return post("payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8), FORM);
    }

    // ------------------------------------------------------------------ interactivity payload builders

    /** A select menu's chosen option as Slack sends it: {@code {"text": {"type": "plain_text", "text": value}, "value": value}}. */
    public static JsonObject selectedOption(String value) {
        JsonObject text = new JsonObject();
        text.addProperty("type", "plain_text");
        text.addProperty("text", value);
        JsonObject option = new JsonObject();
        option.add("text", text);
        option.addProperty("value", value);
        return option;
    }

    /**
     * One input block's entry in {@code view.state.values} for a {@code plain_text_input} with action id
     * {@code value} (as the bot's forms name it): {@code {"value": {"type": "plain_text_input", "value": value}}}.
     */
    public static JsonObject plainTextInput(String value) {
        JsonObject element = new JsonObject();
        element.addProperty("type", "plain_text_input");
        element.addProperty("value", value);
        return inputBlockState(element);
    }

    /**
     * One input block's entry in {@code view.state.values} for a {@code static_select} with action id
     * {@code value}: {@code {"value": {"type": "static_select", "selected_option": …}}}, the option as
     * {@link #selectedOption} builds it.
     */
    public static JsonObject staticSelect(String value) {
        JsonObject element = new JsonObject();
        element.addProperty("type", "static_select");
        element.add("selected_option", selectedOption(value));
        return inputBlockState(element);
    }

    private static JsonObject inputBlockState(JsonObject element) {
        JsonObject block = new JsonObject();
        block.add("value", element);
        return block;
    }

    /** A view's {@code state}: {@code {"values": {<block id>: <block state>, …}}}, e.g. with {@link #plainTextInput}. */
    public static JsonObject viewState(Map<String, JsonObject> valuesByBlockId) {
        JsonObject values = new JsonObject();
        valuesByBlockId.forEach(values::add);
        JsonObject state = new JsonObject();
        state.add("values", values);
        return state;
    }

    /**
     * A {@code view_submission} payload from {@code interactivity/ViewSubmissionPayload.json}: the view's
     * callback_id, private_metadata (null: the shape's filled-in value) and state (see {@link #viewState}),
     * submitted by {@code user} of {@code team}; {@code moreOverrides} are applied as by {@link #fillShape}
     * (e.g. {@code "enterprise.id"}; a null value removes the field).
     */
    public static JsonObject viewSubmission(String callbackId, String privateMetadata, String user, String team,
                                            JsonObject state, Map<String, Object> moreOverrides) {
        Map<String, Object> view = paths("view.callback_id", callbackId, "view.state", state);
        if (privateMetadata != null) {
            view.put("view.private_metadata", privateMetadata);
        }
        return interaction("ViewSubmissionPayload.json", "view_submission", user, team, view, moreOverrides);
    }

    /** An intro-message action (block {@code incident_actions}): a {@code static_select} whose {@code selected_option} is {@code selectedValue}. */
    public static JsonObject staticSelectAction(String actionId, String selectedValue) {
        JsonObject action = introAction(actionId, "static_select");
        action.add("selected_option", selectedOption(selectedValue));
        return action;
    }

    /** An intro-message action (block {@code incident_actions}): a {@code button} carrying {@code value}. */
    public static JsonObject buttonAction(String actionId, String value) {
        JsonObject action = introAction(actionId, "button");
        action.addProperty("value", value);
        return action;
    }

    private static JsonObject introAction(String actionId, String type) {
        JsonObject action = new JsonObject();
        action.addProperty("action_id", actionId);
        action.addProperty("block_id", "incident_actions");
        action.addProperty("type", type);
        action.addProperty("action_ts", newTs());
        return action;
    }

    /**
     * A {@code block_actions} payload from {@code interactivity/BlockActionPayload.json} for one
     * {@code action} (e.g. {@link #staticSelectAction}) on a message in {@code channel} (no {@code view}),
     * by {@code user} of {@code team}; {@code moreOverrides} are applied as by {@link #fillShape}.
     */
    public static JsonObject blockActions(JsonObject action, String channel, String user, String team,
                                          String responseUrl, Map<String, Object> moreOverrides) {
        JsonArray actions = new JsonArray();
        actions.add(action);
        JsonObject payload = interaction("BlockActionPayload.json", "block_actions", user, team, paths("actions", actions,
                "channel.id", channel, "container.channel_id", channel, "response_url", responseUrl), moreOverrides);
        payload.remove("view");
        return payload;
    }

    /**
     * A {@code message_action} payload from {@code interactivity/MessageShortcutPayload.json}: {@code user}
     * of {@code team} runs the shortcut {@code callbackId} on {@code messageUser}'s top-level message
     * {@code messageTs} in {@code channel} (no thread, bot or subtype fields); {@code moreOverrides} are
     * applied as by {@link #fillShape}.
     */
    public static JsonObject messageShortcut(String callbackId, String channel, String user, String team,
                                             String messageTs, String messageUser, String messageText,
                                             Map<String, Object> moreOverrides) {
        return interaction("MessageShortcutPayload.json", "message_action", user, team, paths("callback_id", callbackId,
                "channel.id", channel, "message_ts", messageTs, "message.ts", messageTs, "message.user", messageUser,
                "message.text", messageText, "message.thread_ts", null, "message.bot_id", null, "message.subtype", null),
                moreOverrides);
    }

    /** A {@code view_submission} payload without further overrides; see {@link #viewSubmission(String, String, String, String, JsonObject, Map)}. */
    public static JsonObject viewSubmission(String callbackId, String privateMetadata, String user, String team,
                                            JsonObject state) {
        return viewSubmission(callbackId, privateMetadata, user, team, state, Map.of());
    }

    /** A {@code block_actions} payload without further overrides; see {@link #blockActions(JsonObject, String, String, String, String, Map)}. */
    public static JsonObject blockActions(JsonObject action, String channel, String user, String team,
                                          String responseUrl) {
        return blockActions(action, channel, user, team, responseUrl, Map.of());
    }

    /** A {@code message_action} payload without further overrides; see {@link #messageShortcut(String, String, String, String, String, String, String, Map)}. */
    public static JsonObject messageShortcut(String callbackId, String channel, String user, String team,
                                             String messageTs, String messageUser, String messageText) {
        return messageShortcut(callbackId, channel, user, team, messageTs, messageUser, messageText, Map.of());
    }

    /**
     * {@code interactivity/<shapeFileName>} filled by {@link #fillShape} with {@code user.id}, {@code team.id},
     * {@code overrides} and then {@code moreOverrides}, as a payload of {@code type}.
     */
    private static JsonObject interaction(String shapeFileName, String type, String user, String team,
                                          Map<String, Object> overrides, Map<String, Object> moreOverrides) {
        overrides.put("user.id", user);
        overrides.put("team.id", team);
        overrides.putAll(moreOverrides);
        JsonObject payload = fillShape("interactivity/" + shapeFileName, overrides);
        payload.addProperty("type", type);
        return payload;
    }

    /** A mutable map of {@link #fillShape} overrides from path, value, path, value, … (a null value removes the field). */
    private static Map<String, Object> paths(Object... pathValuePairs) {
        Map<String, Object> overrides = new HashMap<>();
        for (int i = 0; i < pathValuePairs.length; i += 2) {
            overrides.put((String) pathValuePairs[i], pathValuePairs[i + 1]);
        }
        return overrides;
    }

    // ------------------------------------------------------------------ event builders

    /** A human's top-level message (MessagePayload.json, no subtype). */
    public static JsonObject message(String channel, String user, String ts, String text) {
        JsonObject e = filledEvent("MessagePayload.json", new Ctx(channel, user, ts, text));
        humanMessage(e, user, ts, text);
        e.addProperty("channel", channel);
        e.addProperty("event_ts", ts);
        e.addProperty("channel_type", "channel");
        return e;
    }

    /** A human's reply in the thread of {@code threadTs}; the thread's parent is by {@link #DEFAULT_USER}. */
    public static JsonObject threadReply(String channel, String user, String ts, String threadTs, String text) {
        return threadReply(channel, user, ts, threadTs, text, DEFAULT_USER);
    }

    /** A human's reply in the thread of {@code threadTs}, whose parent message is by {@code parentUserId}. */
    public static JsonObject threadReply(String channel, String user, String ts, String threadTs, String text,
                                         String parentUserId) {
        JsonObject e = message(channel, user, ts, text);
        e.addProperty("thread_ts", threadTs);
        e.addProperty("parent_user_id", parentUserId);
        return e;
    }

    /** A {@code bot_message} (legacy bot / incoming webhook) by {@code botId} shown as {@code username}. */
    public static JsonObject botMessage(String channel, String botId, String username, String ts, String text) {
        JsonObject e = filledEvent("MessageBotPayload.json", new Ctx(channel, DEFAULT_USER, ts, text));
        e.addProperty("subtype", "bot_message");
        e.addProperty("bot_id", botId);
        e.addProperty("username", username);
        e.addProperty("text", text);
        e.addProperty("channel", channel);
        e.remove("thread_ts");
        e.addProperty("ts", ts);
        e.addProperty("event_ts", ts);
        e.addProperty("channel_type", "channel");
        return e;
    }

    /** {@code message_changed}: the message {@code ts} (by {@link #DEFAULT_USER}) was edited at {@code editTs}. */
    public static JsonObject messageChanged(String channel, String ts, String newText, String editTs) {
        return messageChanged(channel, DEFAULT_USER, ts, "(original text)", newText, editTs);
    }

    /** {@code message_changed}: {@code user}'s message {@code ts} changed from {@code previousText} to {@code newText} at {@code editTs}. */
    public static JsonObject messageChanged(String channel, String user, String ts, String previousText,
                                            String newText, String editTs) {
        JsonObject e = filledEvent("MessageChangedPayload.json", new Ctx(channel, user, ts, newText));
        e.addProperty("subtype", "message_changed");
        e.addProperty("channel", channel);
        e.addProperty("hidden", true);
        String clientMsgId = clientMsgId(channel, ts);
        JsonObject message = e.getAsJsonObject("message");
        humanMessage(message, user, ts, newText);
        message.addProperty("client_msg_id", clientMsgId);
        JsonObject edited = new JsonObject();
        edited.addProperty("user", user);
        edited.addProperty("ts", editTs);
        message.add("edited", edited);
        JsonObject previous = e.getAsJsonObject("previous_message");
        humanMessage(previous, user, ts, previousText);
        previous.addProperty("client_msg_id", clientMsgId);
        e.addProperty("event_ts", editTs);
        e.addProperty("ts", editTs);
        e.addProperty("channel_type", "channel");
        return e;
    }

    /**
     * A link preview as Slack delivers it: {@code message_changed} whose message has the same text as
     * before, no {@code edited} field, and the unfurl as an attachment ({@code from_url}, {@code title},
     * {@code service_name}); {@code previous_message} is the message without it.
     */
    public static JsonObject linkPreview(String channel, String user, String ts, String text, String url,
                                         String title, String changedTs) {
        JsonObject e = messageChanged(channel, user, ts, text, text, changedTs);
        JsonObject message = e.getAsJsonObject("message");
        message.remove("edited");
        JsonObject unfurl = new JsonObject();
        unfurl.addProperty("id", 1);
        unfurl.addProperty("from_url", url);
        unfurl.addProperty("original_url", url);
        unfurl.addProperty("title", title);
        unfurl.addProperty("title_link", url);
        unfurl.addProperty("service_name", "Grafana");
        unfurl.addProperty("fallback", "Grafana: " + title);
        unfurl.addProperty("text", "Dashboard");
        JsonArray attachments = new JsonArray();
        attachments.add(unfurl);
        message.add("attachments", attachments);
        e.getAsJsonObject("previous_message").remove("attachments");
        return e;
    }

    /** {@code message_deleted} at {@code ts} of the message {@code deletedTs} (by {@link #DEFAULT_USER}). */
    public static JsonObject messageDeleted(String channel, String ts, String deletedTs) {
        return messageDeleted(channel, DEFAULT_USER, ts, deletedTs, "(deleted text)");
    }

    /** {@code message_deleted} at {@code ts} of {@code user}'s message {@code deletedTs} that read {@code previousText}. */
    public static JsonObject messageDeleted(String channel, String user, String ts, String deletedTs,
                                            String previousText) {
        JsonObject e = filledEvent("MessageDeletedPayload.json", new Ctx(channel, user, deletedTs, previousText));
        e.addProperty("subtype", "message_deleted");
        e.addProperty("channel", channel);
        e.addProperty("hidden", true);
        e.addProperty("deleted_ts", deletedTs);
        JsonObject previous = e.getAsJsonObject("previous_message");
        humanMessage(previous, user, deletedTs, previousText);
        previous.addProperty("client_msg_id", clientMsgId(channel, deletedTs));
        e.addProperty("event_ts", ts);
        e.addProperty("ts", ts);
        e.addProperty("channel_type", "channel");
        return e;
    }

    /** {@code reaction_added} by {@code user} on the message {@code itemTs} (by {@link #DEFAULT_USER}). */
    public static JsonObject reactionAdded(String channel, String user, String reaction, String itemTs) {
        return reaction("ReactionAddedPayload.json", channel, user, reaction, itemTs, DEFAULT_USER);
    }

    /** {@code reaction_added} by {@code user} on {@code itemUser}'s message {@code itemTs}. */
    public static JsonObject reactionAdded(String channel, String user, String reaction, String itemTs,
                                           String itemUser) {
        return reaction("ReactionAddedPayload.json", channel, user, reaction, itemTs, itemUser);
    }

    /** {@code reaction_removed} by {@code user} on the message {@code itemTs} (by {@link #DEFAULT_USER}). */
    public static JsonObject reactionRemoved(String channel, String user, String reaction, String itemTs) {
        return reaction("ReactionRemovedPayload.json", channel, user, reaction, itemTs, DEFAULT_USER);
    }

    /** {@code reaction_removed} by {@code user} on {@code itemUser}'s message {@code itemTs}. */
    public static JsonObject reactionRemoved(String channel, String user, String reaction, String itemTs,
                                             String itemUser) {
        return reaction("ReactionRemovedPayload.json", channel, user, reaction, itemTs, itemUser);
    }

    /** {@code pin_added} by {@code user} of the message {@code itemTs} (by {@link #DEFAULT_USER}). */
    public static JsonObject pinAdded(String channel, String user, String itemTs) {
        return pin("PinAddedPayload.json", channel, user, itemTs, DEFAULT_USER, "Pinned message");
    }

    /** {@code pin_added} by {@code user} of {@code itemUser}'s message {@code itemTs} reading {@code itemText}; {@code itemUser} {@value FakeSlack#BOT_USER_ID} makes it the bot's message. */
    public static JsonObject pinAdded(String channel, String user, String itemTs, String itemUser, String itemText) {
        return pin("PinAddedPayload.json", channel, user, itemTs, itemUser, itemText);
    }

    /** {@code pin_removed} by {@code user} of the message {@code itemTs} (by {@link #DEFAULT_USER}). */
    public static JsonObject pinRemoved(String channel, String user, String itemTs) {
        return pin("PinRemovedPayload.json", channel, user, itemTs, DEFAULT_USER, "Pinned message");
    }

    /** {@code pin_removed} by {@code user} of {@code itemUser}'s message {@code itemTs} reading {@code itemText}. */
    public static JsonObject pinRemoved(String channel, String user, String itemTs, String itemUser,
                                        String itemText) {
        return pin("PinRemovedPayload.json", channel, user, itemTs, itemUser, itemText);
    }

    /** {@code message/channel_join}: {@code user} joined, invited by the bot ({@value FakeSlack#BOT_USER_ID}). */
    public static JsonObject channelJoin(String channel, String user, String ts) {
        return channelJoin(channel, user, ts, BOT_USER_ID);
    }

    /** {@code message/channel_join}: {@code user} joined, invited by {@code inviterOrNull} (null: joined by themselves). */
    public static JsonObject channelJoin(String channel, String user, String ts, String inviterOrNull) {
        JsonObject e = filledEvent("MessageChannelJoinPayload.json",
                new Ctx(channel, user, ts, "<@" + user + "> has joined the channel"));
        e.addProperty("subtype", "channel_join");
        e.addProperty("team", TEAM_ID);
        e.addProperty("user", user);
        if (inviterOrNull == null) {
            e.remove("inviter");
        } else {
            e.addProperty("inviter", inviterOrNull);
        }
        e.addProperty("channel", channel);
        e.addProperty("channel_type", "channel");
        e.addProperty("text", "<@" + user + "> has joined the channel");
        e.addProperty("ts", ts);
        e.addProperty("event_ts", ts);
        return e;
    }

    /** {@code member_joined_channel} for a public channel (channel_type "C"); {@code inviterOrNull} null: joined by themselves. */
    public static JsonObject memberJoinedChannel(String channel, String user, String inviterOrNull) {
        String ts = newTs();
        JsonObject e = filledEvent("MemberJoinedChannelPayload.json", new Ctx(channel, user, ts, ""));
        e.addProperty("user", user);
        e.addProperty("channel", channel);
        e.addProperty("channel_type", "C");
        e.addProperty("team", TEAM_ID);
        e.addProperty("event_ts", ts);
        if (inviterOrNull == null) {
            e.remove("inviter");
        } else {
            e.addProperty("inviter", inviterOrNull);
        }
        e.remove("enterprise");
        return e;
    }

    private static JsonObject reaction(String shape, String channel, String user, String reaction, String itemTs,
                                       String itemUser) {
        JsonObject e = filledEvent(shape, new Ctx(channel, user, itemTs, ""));
        e.addProperty("user", user);
        JsonObject item = new JsonObject();
        item.addProperty("type", "message");
        item.addProperty("channel", channel);
        item.addProperty("ts", itemTs);
        e.add("item", item);
        e.addProperty("reaction", reaction);
        e.addProperty("item_user", itemUser);
        e.addProperty("event_ts", newTs());
        return e;
    }

    private static JsonObject pin(String shape, String channel, String user, String itemTs, String itemUser,
                                  String itemText) {
        boolean removed = shape.startsWith("PinRemoved");
        String eventTs = newTs();
        long now = seconds(eventTs);
        JsonObject e = filledEvent(shape, new Ctx(channel, user, itemTs, itemText));
        e.addProperty("user", user);
        e.addProperty("channel_id", channel);
        JsonObject item = e.getAsJsonObject("item");
        item.addProperty("type", "message");
        item.addProperty("created", now);
        item.addProperty("created_by", user);
        item.addProperty("channel", channel);
        JsonObject m = item.getAsJsonObject("message");
        m.addProperty("type", "message");
        m.addProperty("text", itemText);
        m.addProperty("user", itemUser);
        m.addProperty("ts", itemTs);
        m.addProperty("team", TEAM_ID);
        if (BOT_USER_ID.equals(itemUser)) {
            m.addProperty("bot_id", BOT_ID);
            m.addProperty("app_id", APP_ID);
            JsonObject profile = m.getAsJsonObject("bot_profile");
            if (profile != null) {
                profile.addProperty("id", BOT_ID);
                profile.addProperty("name", FakeSlack.BOT_USER_NAME);
                profile.addProperty("app_id", APP_ID);
                profile.addProperty("team_id", TEAM_ID);
            }
        } else {
            m.remove("bot_id");
            m.remove("app_id");
            m.remove("bot_profile");
        }
        if (m.has("pinned_to")) {
            JsonArray pinnedTo = new JsonArray();
            pinnedTo.add(channel);
            m.add("pinned_to", pinnedTo);
        }
        m.addProperty("permalink", permalink(channel, itemTs));
        e.addProperty("item_user", itemUser);
        e.addProperty("pin_count", removed ? 0 : 1);
        JsonObject pinnedInfo = new JsonObject();
        pinnedInfo.addProperty("channel", channel);
        pinnedInfo.addProperty("pinned_by", user);
        pinnedInfo.addProperty("pinned_ts", now);
        e.add("pinned_info", pinnedInfo);
        if (e.has("has_pins")) {
            e.addProperty("has_pins", false);
        }
        e.addProperty("event_ts", eventTs);
        return e;
    }

    /** Makes a (filled) message object a plain human message: no subtype, bot or thread fields. */
    private static void humanMessage(JsonObject m, String user, String ts, String text) {
        m.addProperty("type", "message");
        m.remove("subtype");
        m.addProperty("user", user);
        m.addProperty("team", TEAM_ID);
        m.addProperty("text", text);
        m.addProperty("ts", ts);
        for (String k : List.of("bot_id", "bot_profile", "thread_ts", "parent_user_id", "edited", "reply_count",
                "reply_users_count", "latest_reply", "reply_users", "last_read", "subscribed", "hidden")) {
            m.remove(k);
        }
        if (m.has("user_team")) {
            m.addProperty("user_team", TEAM_ID);
        }
        if (m.has("source_team")) {
            m.addProperty("source_team", TEAM_ID);
        }
        if (m.has("client_msg_id")) {
            m.addProperty("client_msg_id", clientMsgId(m.has("channel") ? m.get("channel").getAsString() : "", ts));
        }
        JsonArray blocks = new JsonArray();
        blocks.add(richTextBlock(text));
        if (m.has("blocks") && m.get("blocks").isJsonArray()) {
            m.getAsJsonArray("blocks").forEach(blocks::add);
        }
        m.add("blocks", blocks);
    }

    /** The rich_text block Slack's clients attach to a typed message. */
    private static JsonObject richTextBlock(String text) {
        JsonObject t = new JsonObject();
        t.addProperty("type", "text");
        t.addProperty("text", text);
        JsonArray inner = new JsonArray();
        inner.add(t);
        JsonObject section = new JsonObject();
        section.addProperty("type", "rich_text_section");
        section.add("elements", inner);
        JsonArray elements = new JsonArray();
        elements.add(section);
        JsonObject block = new JsonObject();
        block.addProperty("type", "rich_text");
        block.addProperty("block_id", Integer.toString(Math.floorMod(text.hashCode(), 1_000_000), 36));
        block.add("elements", elements);
        return block;
    }

    // ------------------------------------------------------------------ shapes

    /**
     * Loads {@code slack-payload-shapes/events/<shapeFileName>} from the classpath ({@code ".json"} may
     * be left out; a name with a folder, e.g. {@code "interactivity/ViewSubmissionPayload.json"}, is
     * resolved against {@code slack-payload-shapes/}), replaces its placeholders with plausible values
     * (ids, valid ts values, URLs, texts, epoch times; an empty {@code subtype} is dropped, as Slack
     * omits it), then applies {@code overrides} to the {@code event} object: keys are field names or
     * dotted paths ({@code "message.ts"}, {@code "blocks.0.block_id"}); values may be String, Number,
     * Boolean, JsonElement or anything Gson can serialize; a null value removes the field. Values of
     * {@code channel}/{@code channel_id}, {@code user}, {@code ts} and {@code text} in the overrides
     * also seed the placeholders (e.g. nested {@code channel} fields get the same id).
     *
     * @return the filled {@code event} object (for a shape without {@code event}, the whole payload)
     */
    public static JsonObject fillShape(String shapeFileName, Map<String, Object> overrides) {
        Map<String, Object> ov = overrides == null ? Map.of() : overrides;
        String channel = firstString(ov, DEFAULT_CHANNEL, "channel", "channel_id", "item.channel");
        String user = firstString(ov, DEFAULT_USER, "user", "user_id");
        String ts = firstString(ov, DEFAULT_TS, "ts", "event_ts", "item.ts", "message.ts");
        String text = firstString(ov, "Example message text", "text", "message.text");
        JsonObject e = filledEvent(shapeFileName, new Ctx(channel, user, ts, text));
        for (Map.Entry<String, Object> o : ov.entrySet()) {
            setPath(e, o.getKey(), toJson(o.getValue()));
        }
        return e;
    }

    /** The raw shape JSON (placeholders and all) from the classpath. */
    public static JsonObject loadShape(String shapeFileName) {
        String name = shapeFileName.endsWith(".json") ? shapeFileName : shapeFileName + ".json";
        String resource = SHAPES_FOLDER + (name.contains("/") ? name : "events/" + name);
        ClassLoader cl = SlackRequests.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("shape not on the classpath: " + resource);
            }
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject filledEvent(String shapeFileName, Ctx ctx) {
        JsonObject payload = loadShape(shapeFileName);
        JsonObject target = payload.has("event") && payload.get("event").isJsonObject()
                ? payload.getAsJsonObject("event") : payload;
        new Filler(ctx).fillObject(target, null);
        return target;
    }

    private static String firstString(Map<String, Object> ov, String dflt, String... keys) {
        for (String k : keys) {
            Object v = ov.get(k);
            if (v instanceof String s && !s.isEmpty()) {
                return s;
            }
            if (v instanceof JsonPrimitive p && p.isString() && !p.getAsString().isEmpty()) {
                return p.getAsString();
            }
        }
        return dflt;
    }

    private static JsonElement toJson(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof JsonElement j) {
            return j.deepCopy();
        }
        if (v instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return GSON.toJsonTree(v);
    }

    /** Sets (or with null removes) a dotted path; numeric segments index arrays; missing objects are created. */
    private static void setPath(JsonObject root, String path, JsonElement value) {
        String[] segs = path.split("\\.");
        JsonElement cur = root;
        for (int i = 0; i < segs.length - 1; i++) {
            JsonElement next = child(cur, segs[i]);
            if (next == null || next.isJsonNull() || next.isJsonPrimitive()) {
                if (value == null) {
                    return; // nothing to remove
                }
                next = new JsonObject();
                if (cur.isJsonObject()) {
                    cur.getAsJsonObject().add(segs[i], next);
                } else {
                    throw new IllegalArgumentException("cannot create " + path + " inside an array");
                }
            }
            cur = next;
        }
        String last = segs[segs.length - 1];
        if (cur.isJsonObject()) {
            if (value == null) {
                cur.getAsJsonObject().remove(last);
            } else {
                cur.getAsJsonObject().add(last, value);
            }
        } else if (cur.isJsonArray()) {
            int idx = Integer.parseInt(last);
            if (value == null) {
                cur.getAsJsonArray().remove(idx);
            } else if (idx == cur.getAsJsonArray().size()) {
                cur.getAsJsonArray().add(value);
            } else {
                cur.getAsJsonArray().set(idx, value);
            }
        }
    }

    private static JsonElement child(JsonElement cur, String seg) {
        if (cur.isJsonObject()) {
            return cur.getAsJsonObject().get(seg);
        }
        if (cur.isJsonArray() && seg.matches("\\d+")) {
            int idx = Integer.parseInt(seg);
            return idx < cur.getAsJsonArray().size() ? cur.getAsJsonArray().get(idx) : null;
        }
        return null;
    }

    // ------------------------------------------------------------------ placeholder filling

    private record Ctx(String channel, String user, String ts, String text) {
    }

    private static final String PLACEHOLDER_TS = "0000000000.000000";

    private static final Set<String> TEAM_KEYS = Set.of("team", "team_id", "user_team", "source_team",
            "channel_team", "icon_team_id", "context_team_id", "app_installed_team_id");
    private static final Set<String> USER_KEYS = Set.of("user", "user_id", "created_by", "item_user", "pinned_by",
            "last_editor", "editor", "share_user_id", "selected_user", "initial_user", "parent_user_id",
            "reply_users", "authed_users", "author_id");
    private static final Set<String> CHANNEL_KEYS = Set.of("channel", "channel_id", "initial_channel",
            "initial_conversation", "selected_channel", "selected_conversation", "linked_channel_id", "pinned_to");
    private static final Set<String> EPOCH_KEYS = Set.of("created", "updated", "timestamp", "event_time",
            "pinned_ts", "date_created", "date_last_shared", "date_start", "date_end", "date_due", "date_completed",
            "edit_timestamp", "template_conversion_ts", "last_read");

    private static final class Filler {
        private final Ctx ctx;
        private int seq;

        Filler(Ctx ctx) {
            this.ctx = ctx;
        }

        void fillObject(JsonObject obj, String objKey) {
            for (String k : new ArrayList<>(obj.keySet())) {
                JsonElement v = obj.get(k);
                if (v.isJsonObject()) {
                    fillObject(v.getAsJsonObject(), k);
                } else if (v.isJsonArray()) {
                    JsonArray arr = v.getAsJsonArray();
                    for (int i = 0; i < arr.size(); i++) {
                        JsonElement el = arr.get(i);
                        if (el.isJsonObject()) {
                            fillObject(el.getAsJsonObject(), k);
                        } else if (isPlaceholder(el)) {
                            String f = fillString(k, objKey, obj);
                            arr.set(i, new JsonPrimitive(f == null ? "" : f));
                        }
                    }
                } else if (isPlaceholder(v)) {
                    String f = fillString(k, objKey, obj);
                    if (f == null) {
                        obj.remove(k);
                    } else {
                        obj.addProperty(k, f);
                    }
                } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                    fillNumber(obj, k, v.getAsJsonPrimitive());
                }
            }
        }

        private static boolean isPlaceholder(JsonElement el) {
            if (!el.isJsonPrimitive() || !el.getAsJsonPrimitive().isString()) {
                return false;
            }
            String s = el.getAsString();
            return s.isEmpty() || s.equals(PLACEHOLDER_TS);
        }

        private void fillNumber(JsonObject obj, String k, JsonPrimitive n) {
            double d = n.getAsDouble();
            if (d != 123 && d != 12345) {
                return; // not a placeholder
            }
            if (EPOCH_KEYS.contains(k)) {
                obj.addProperty(k, seconds(ctx.ts()));
            } else if (k.equals("pin_count")) {
                obj.addProperty(k, 1);
            } else if (k.equals("reply_count") || k.equals("reply_users_count")) {
                obj.addProperty(k, 1);
            } else if (k.endsWith("_ms")) {
                obj.addProperty(k, 15000);
            }
        }

        /** The value for an empty placeholder; null means "drop the field". */
        String fillString(String k, String parent, JsonObject obj) {
            int n = ++seq;
            String type = obj.has("type") && obj.get("type").isJsonPrimitive() ? obj.get("type").getAsString() : "";
            if (k.equals("subtype")) {
                return null;
            }
            if (k.equals("ts") || k.endsWith("_ts") || k.equals("latest_reply") || k.equals("last_read")) {
                return ctx.ts();
            }
            if (TEAM_KEYS.contains(k) || k.equals("authed_teams")) {
                return TEAM_ID;
            }
            if (k.equals("enterprise_id") || k.equals("enterprise") || k.equals("context_enterprise_id")) {
                return "E0001";
            }
            if (k.equals("inviter")) {
                return BOT_USER_ID;
            }
            if (USER_KEYS.contains(k)) {
                return ctx.user();
            }
            if (CHANNEL_KEYS.contains(k)) {
                return ctx.channel();
            }
            if (k.equals("channel_type")) {
                return "channel";
            }
            if (k.equals("channel_name")) {
                return "general";
            }
            if (k.equals("bot_id")) {
                return "B0DEPLOY";
            }
            if (k.equals("api_app_id")) {
                return APP_ID;
            }
            if (k.equals("app_id")) {
                return "A0DEPLOY";
            }
            if (k.equals("id")) {
                if ("bot_profile".equals(parent)) {
                    return "B0DEPLOY";
                }
                if (parent != null && Set.of("files", "file", "slack_file", "list").contains(parent)) {
                    return "F0EXAMPLE" + n;
                }
                if ("list_view".equals(parent)) {
                    return "View0" + n;
                }
                if ("actions".equals(parent)) {
                    return Integer.toString(n);
                }
                return "X0" + n;
            }
            if (k.equals("client_msg_id")) {
                return clientMsgId(ctx.channel(), ctx.ts());
            }
            if (k.equals("event_id")) {
                return "Ev0" + n;
            }
            if (k.equals("event_context")) {
                return "4-" + b64("{\"et\":\"message\",\"tid\":\"" + TEAM_ID + "\",\"aid\":\"" + APP_ID
                        + "\",\"cid\":\"" + ctx.channel() + "\"}");
            }
            if (k.equals("token")) {
                return VERIFICATION_TOKEN;
            }
            if (k.equals("type")) {
                if ("root".equals(parent)) {
                    return "message";
                }
                if ("preview".equals(parent)) {
                    return "list";
                }
                if ("list_view".equals(parent)) {
                    return "table";
                }
                if ("creation_source".equals(parent)) {
                    return "user";
                }
                return "default";
            }
            if (k.equals("text")) {
                if (parent == null || parent.equals("message") || parent.equals("previous_message")
                        || parent.equals("root")) {
                    return ctx.text();
                }
                if (parent.equals("confirm") && !type.equals("plain_text") && !type.equals("mrkdwn")) {
                    return "Are you sure?";
                }
                return "Example text " + n;
            }
            if (k.equals("permalink") || k.equals("permalink_public")) {
                return permalink(ctx.channel(), ctx.ts());
            }
            if (k.matches("(thumb_\\d+|original)_[wh]|thumb_(pdf|video)_[wh]")) {
                return "360";
            }
            if (k.equals("thumb_tiny")) {
                return "AwAwADDRV0FzZ8=";
            }
            if (k.contains("url") || k.contains("link") || k.endsWith("icon") || k.startsWith("image_")
                    || k.startsWith("thumb_") || Set.of("hls", "hls_embed", "mp4", "mp4_low", "vtt", "pjpeg",
                    "converted_pdf", "deanimate", "deanimate_gif").contains(k)) {
                return "https://files.example.com/" + k.replace('_', '-') + "/" + n + ".png";
            }
            switch (k) {
                case "username":
                    return "deploy-bot";
                case "name":
                    if ("bot_profile".equals(parent)) {
                        return "deploy-bot";
                    }
                    if ("files".equals(parent) || "file".equals(parent)) {
                        return "notes-" + n + ".txt";
                    }
                    return "example-" + n;
                case "title":
                    return "Example title " + n;
                case "action_id":
                    return "action-" + n;
                case "block_id":
                    return "blk" + n;
                case "value":
                    return "value-" + n;
                case "style":
                    return "primary";
                case "initial_date":
                case "selected_date":
                case "date":
                    return "2024-01-15";
                case "initial_time":
                case "selected_time":
                    return "09:30";
                case "emoji":
                    return ":robot_face:";
                case "color":
                    return "36a64f";
                case "fallback":
                    return "Fallback text " + n;
                case "alt_text":
                case "alt_txt":
                    return "Example image";
                case "mrkdwn_in":
                    return "text";
                case "msg_subtype":
                    return "bot_message";
                case "reaction":
                    return "eyes";
                case "mimetype":
                    return "text/plain";
                case "filetype":
                    return "text";
                case "pretty_type":
                    return "Plain Text";
                case "mode":
                    return "hosted";
                case "external_type":
                    return "";
                case "include":
                    return "public";
                case "data_source":
                    return "static";
                case "file_access":
                    return "visible";
                case "access":
                    return "read";
                case "ok_text":
                    return "Yes";
                case "dismiss_text":
                    return "No";
                case "extension":
                    return "txt";
                case "format":
                    return "TXT";
                case "topic":
                case "purpose":
                    return "Example " + k;
                case "old_name":
                    return "old-" + ctx.channel().toLowerCase(Locale.ROOT);
                case "event_type":
                    return "example_event";
                default:
                    return "example " + k.replace('_', ' ');
            }
        }
    }

    // ------------------------------------------------------------------ small helpers

    /** A fresh ts for "now" ({@code <epoch seconds>.<6 digits>}), strictly increasing within this JVM. */
    public static String newTs() {
        long now = System.currentTimeMillis() * 1000;
        long micros = LAST_TS_MICROS.updateAndGet(prev -> Math.max(prev + 1, now));
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** A fresh event id like Slack's ({@code Ev} + 10 upper-case alphanumerics). */
    public static String newEventId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder("Ev");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A trigger id in Slack's format, {@code <13 digits>.<13 digits>.<32 hex>}. */
    public static String newTriggerId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] hex = new byte[16];
        r.nextBytes(hex);
        return (1_000_000_000_000L + r.nextLong(8_999_999_999_999L)) + "."
                + (1_000_000_000_000L + r.nextLong(8_999_999_999_999L)) + "." + HexFormat.of().formatHex(hex);
    }

    /** {@code https://acme.slack.com/archives/<channel>/p<ts without the dot>}. */
    public static String permalink(String channel, String ts) {
        return FakeSlack.TEAM_URL + "archives/" + channel + "/p" + ts.replace(".", "");
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static long seconds(String ts) {
        try {
            return Long.parseLong(ts.substring(0, ts.indexOf('.') < 0 ? ts.length() : ts.indexOf('.')));
        } catch (RuntimeException e) {
            return nowSeconds();
        }
    }

    private static String clientMsgId(String channel, String ts) {
        return UUID.nameUUIDFromBytes((channel + "/" + ts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String eventContext(JsonObject event) {
        String type = event.has("type") && event.get("type").isJsonPrimitive() ? event.get("type").getAsString() : "";
        String channel = event.has("channel") && event.get("channel").isJsonPrimitive()
                ? event.get("channel").getAsString()
                : event.has("channel_id") && event.get("channel_id").isJsonPrimitive()
                ? event.get("channel_id").getAsString() : "";
        return "4-" + b64("{\"et\":\"" + type + "\",\"tid\":\"" + TEAM_ID + "\",\"aid\":\"" + APP_ID
                + "\",\"cid\":\"" + channel + "\"}");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
