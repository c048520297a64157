package io.incidentbot.slackapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.webhook.WebhookResponse;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.outbox.Backoff;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.incident.SlackAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one door to Slack's Web API. Retries 5xx and connection errors a few times with the
 * {@link Backoff}; a 429 is waited out here when Slack asks for at most {@link #INLINE_RETRY_AFTER},
 * and otherwise comes back as {@link SlackRateLimited} with Slack's whole wait, which the outbox
 * honours in full. {@code ok:false} answers come back as a {@link SlackError}.
 */
public class SlackGateway implements UserNames, SlackAccounts {
    private static final Logger log = LoggerFactory.getLogger(SlackGateway.class);
    static final int MAX_ATTEMPTS = 4;
    /** Longer waits than this are not spent holding a thread: the caller hears {@link SlackRateLimited}. */
    static final Duration INLINE_RETRY_AFTER = Duration.ofSeconds(5);

    private final Slack slack;
    private final MethodsClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Backoff backoff;
    private final BotMetrics metrics;
    private final Pacer pacer;
    private final Cache<String, String> displayNames = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();
    /** users.info {@code tz} of each person, read with the display name (the drafter reads stated times in it). */
    private final Cache<String, java.time.ZoneId> timeZones = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();
    /** People users.info failed for (Slack unreachable, unknown user): not asked again for a minute. */
    private final Cache<String, Boolean> unnamed = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();
    /**
     * channel → its members, for who may see a private incident and who may change any incident:
     * short-lived (and forgotten on member_joined/left_channel), so someone removed from the channel
     * loses access within a minute, and bounded.
     */
    private final Cache<String, Set<String>> channelMembers = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(MEMBERS_LIFETIME)
            .build();
    static final Duration MEMBERS_LIFETIME = Duration.ofMinutes(1);
    /** conversations.members pages read at most (1,000 members each). */
    static final int MAX_MEMBER_PAGES = 20;
    private volatile BotIdentity identity;

    /** What Slack made of SLACK_BOT_TOKEN so far, as {@code /health} reports it ({@code "slack"}). */
    public enum Connection {
        /** No answer to auth.test yet. */
        CONNECTING,
        OK,
        /** auth.test did not get through (network, 5xx); still trying. */
        UNREACHABLE,
        /** Slack answered that the token is not valid (see {@link #TOKEN_REFUSALS}). */
        TOKEN_REFUSED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Slack's errors for a token it does not accept: no retry or wait fixes these. */
    public static final Set<String> TOKEN_REFUSALS = Set.of("invalid_auth", "not_authed", "token_revoked",
            "account_inactive", "token_expired");
    private volatile Connection connection = Connection.CONNECTING;
    private volatile String refusal;

    public Connection connection() {
        return connection;
    }

    /**
     * What to tell a person when Slack refused SLACK_BOT_TOKEN (the error code in brackets), or empty
     * while it did not.
     */
    public Optional<String> tokenRefusal() {
        String error = refusal;
        return connection == Connection.TOKEN_REFUSED && error != null ? Optional.of(refusedMessage(error))
                : Optional.empty();
    }

    public static String refusedMessage(String error) {
        return "Slack refused SLACK_BOT_TOKEN (" + error + "): copy the Bot User OAuth Token from your app's "
                + "OAuth & Permissions page, or reinstall the app";
    }

    /**
     * Asks auth.test in the background until Slack answers it, waiting 1 s, 2 s, … up to a minute
     * between tries (a refused token is asked again each minute: someone may reinstall the app).
     * Start-up does not wait for it; it stops once {@code running} says false (the bot stopped).
     */
    public void connectInBackground(java.util.function.BooleanSupplier running) {
        Thread connect = new Thread(() -> {
            long waitMillis = 1_000;
            while (identity == null && running.getAsBoolean()) {
                identity();
                if (identity != null) {
                    return;
                }
                try {
                    Thread.sleep(connection == Connection.TOKEN_REFUSED ? IDENTITY_RETRY.toMillis() : waitMillis);
                } catch (InterruptedException e) {
                    return;
                }
                waitMillis = Math.min(waitMillis * 2, IDENTITY_RETRY.toMillis());
            }
        }, "slack-connect");
        connect.setDaemon(true);
        connect.start();
    }

    /**
     * Slack said {@code ok:false}; {@link #error} is Slack's error code, e.g. {@code name_taken};
     * {@link #needed} the scope Slack named with {@code missing_scope}, or null.
     */
    public static final class SlackError extends RuntimeException {
        private final String method;
        private final String error;
        private final String needed;

        public SlackError(String method, String error) {
            this(method, error, null);
        }

        public SlackError(String method, String error, String needed) {
            super(method + " failed: " + error + (needed == null ? "" : " (needs " + needed + ")"));
            this.method = method;
            this.error = error;
            this.needed = needed;
        }

        public String needed() {
            return needed;
        }

        public String method() {
            return method;
        }

        public String error() {
            return error;
        }
    }

    /** Slack could not be reached after all retries. */
    public static final class SlackUnavailable extends RuntimeException {
        public SlackUnavailable(String method, Throwable cause) {
            super(method + ": Slack did not answer after " + MAX_ATTEMPTS + " attempts (" + cause.getMessage() + ")", cause);
        }
    }

    /** Slack answered 429 and asked to wait {@link #retryAfter} before calling {@code method} again. */
    public static final class SlackRateLimited extends RuntimeException {
        private final Duration retryAfter;

        public SlackRateLimited(String method, Duration retryAfter) {
            this(retryAfter, method + ": rate limited by Slack, retry after " + retryAfter.toSeconds() + " s");
        }

        private SlackRateLimited(Duration retryAfter, String message) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** The bot's own pacing: the method's tier allowance is used up for now. */
        static SlackRateLimited paced(String method, Duration nextTurn) {
            return new SlackRateLimited(nextTurn, method + ": paced to Slack's rate tier, next turn in "
                    + Math.max(1, nextTurn.toSeconds()) + " s");
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    public record BotIdentity(String userId, String botId, String teamId) {
    }

    public record Channel(String id, String name) {
    }

    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    public SlackGateway(Slack slack, String botToken, Duration baseBackoff) {
        this(slack, botToken, baseBackoff, BotMetrics.disabled());
    }

    /** With {@code metrics} counting Web API errors and retries. */
    public SlackGateway(Slack slack, String botToken, Duration baseBackoff, BotMetrics metrics) {
        this(slack, botToken, baseBackoff, metrics, Pacer.slackTiers());
    }

    /** With {@code pacer} keeping calls within Slack's rate tiers. */
    public SlackGateway(Slack slack, String botToken, Duration baseBackoff, BotMetrics metrics, Pacer pacer) {
        this.slack = slack;
        this.client = slack.methods(botToken);
        this.backoff = new Backoff(baseBackoff, baseBackoff.multipliedBy(1L << (MAX_ATTEMPTS - 2)));
        this.metrics = metrics;
        this.pacer = pacer;
    }

    /**
     * The bot's identity if already known, without calling Slack: for the ack path, which must not
     * wait for Slack. When it is not known yet, one lookup starts in the background (at most one a minute).
     */
    public Optional<BotIdentity> knownIdentity() {
        BotIdentity known = identity;
        if (known == null) {
            long now = System.nanoTime();
            long last = lastIdentityAttempt.get();
            if ((last == 0 || now - last > IDENTITY_RETRY.toNanos()) && lastIdentityAttempt.compareAndSet(last, now)) {
                Thread lookup = new Thread(this::identity, "auth-test");
                lookup.setDaemon(true);
                lookup.start();
            }
        }
        return Optional.ofNullable(known);
    }

    private static final Duration IDENTITY_RETRY = Duration.ofMinutes(1);
    private final java.util.concurrent.atomic.AtomicLong lastIdentityAttempt = new java.util.concurrent.atomic.AtomicLong();

    /** The bot's own user and bot ids (auth.test), fetched once; empty while Slack cannot be reached. */
    public Optional<BotIdentity> identity() {
        BotIdentity known = identity;
        if (known != null) {
            return Optional.of(known);
        }
        try {
            AuthTestResponse r = call("auth.test", () -> client.authTest(req -> req));
            identity = new BotIdentity(r.getUserId(), r.getBotId(), r.getTeamId());
            if (connection != Connection.OK) {
                log.info("Connected to Slack as bot user {} in workspace {}", r.getUserId(), r.getTeamId());
            }
            connection = Connection.OK;
            return Optional.of(identity);
        } catch (SlackError e) {
            if (!TOKEN_REFUSALS.contains(e.error())) {
                connection = Connection.UNREACHABLE;
                log.warn("Could not identify the bot with auth.test: {}", e.getMessage());
            } // else call() has said so
            return Optional.empty();
        } catch (RuntimeException e) {
            connection = Connection.UNREACHABLE;
            log.warn("Slack cannot be reached to check SLACK_BOT_TOKEN yet (auth.test: {}); trying again",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** A channel as conversations.info describes it. */
    public record ChannelInfo(String id, String name, boolean isPrivate) {
    }

    public ChannelInfo channelInfo(String channelId) {
        var r = call("conversations.info", () -> client.conversationsInfo(req -> req.channel(channelId)));
        var c = r.getChannel();
        return new ChannelInfo(channelId, c == null ? null : c.getName(), c != null && c.isPrivate());
    }

    /** The channel's members (conversations.members, every page), cached for {@link #MEMBERS_LIFETIME}. */
    public Set<String> channelMembers(String channelId) {
        return channelMembers.get(channelId, id -> {
            Set<String> members = new HashSet<>();
            String cursor = null;
            for (int page = 0; page < MAX_MEMBER_PAGES; page++) {
                String from = cursor;
                var r = call("conversations.members", () -> client.conversationsMembers(req -> req.channel(id)
                        .cursor(from).limit(1000)));
                if (r.getMembers() != null) {
                    members.addAll(r.getMembers());
                }
                var meta = r.getResponseMetadata();
                cursor = meta == null || meta.getNextCursor() == null || meta.getNextCursor().isBlank()
                        ? null : meta.getNextCursor();
                if (cursor == null) {
                    break;
                }
            }
            return Set.copyOf(members);
        });
    }

    /** False also when Slack cannot say (e.g. the bot left the channel): a private incident stays hidden. */
    @Override
    public boolean isChannelMember(String channelId, String userId) {
        if (channelId == null) {
            return false;
        }
        try {
            return isMember(channelId, userId);
        } catch (RuntimeException e) {
            log.warn("conversations.members {} failed, so its private incident stays hidden: {}", channelId,
                    e.getMessage());
            return false;
        }
    }

    @Override
    public Tokens exchangeCode(String clientId, String clientSecret, String code, String redirectUri) {
        // no bot token here: the app's client id and secret authenticate this call (HTTP Basic)
        var r = call("openid.connect.token", () -> slack.methods().openIDConnectToken(req -> req.clientId(clientId)
                .clientSecret(clientSecret).code(code).redirectUri(redirectUri).grantType("authorization_code")));
        if (r.getAccessToken() == null || r.getAccessToken().isBlank()) {
            throw new SlackError("openid.connect.token", "no_access_token");
        }
        return new Tokens(r.getAccessToken(), r.getIdToken());
    }

    @Override
    public SlackUser userInfo(String accessToken) {
        var r = call("openid.connect.userInfo", () -> slack.methods(accessToken).openIDConnectUserInfo(req -> req));
        String userId = r.getUserId() != null ? r.getUserId() : r.getSub();
        return new SlackUser(userId, r.getTeamId(), r.getName());
    }

    @Override
    public Optional<String> workspaceId() {
        return identity().map(BotIdentity::teamId);
    }

    public Channel createChannel(String name, boolean isPrivate) {
        var r = call("conversations.create", () -> client.conversationsCreate(req -> req.name(name).isPrivate(isPrivate)));
        return new Channel(r.getChannel().getId(), r.getChannel().getName());
    }

    /** The members of a user group (usergroups.users.list), e.g. an on-call rotation's. */
    public List<String> userGroupMembers(String userGroupId) {
        var r = call("usergroups.users.list", () -> client.usergroupsUsersList(req -> req.usergroup(userGroupId)));
        return r.getUsers() == null ? List.of() : List.copyOf(r.getUsers());
    }

    /** Invites users; being already in the channel is fine. */
    public void invite(String channelId, List<String> userIds) {
        try {
            call("conversations.invite", () -> client.conversationsInvite(req -> req.channel(channelId).users(userIds)));
        } catch (SlackError e) {
            if (!"already_in_channel".equals(e.error()) && !"cant_invite_self".equals(e.error())) {
                throw e;
            }
        }
    }

    /** Where a message landed: the channel id (even when posted by name) and its ts. */
    public record Posted(String channel, String ts) {
    }

    public Posted post(String channel, String text, List<LayoutBlock> blocks) {
        var r = call("chat.postMessage", channel, () -> client.chatPostMessage(req -> req.channel(channel).text(text)
                .blocks(blocks).unfurlLinks(false)));
        return new Posted(r.getChannel(), r.getTs());
    }

    /** Posts a message whose Block Kit blocks are already JSON (as the outbox keeps them); null: text only. */
    public Posted postJson(String channel, String text, String blocksJson) {
        var r = call("chat.postMessage", channel, () -> client.chatPostMessage(req -> req.channel(channel).text(text)
                .blocksAsString(blocksJson).unfurlLinks(false)));
        return new Posted(r.getChannel(), r.getTs());
    }

    /** Posts a reply in the thread of {@code threadTs}. */
    public Posted reply(String channel, String threadTs, String text) {
        var r = call("chat.postMessage", channel, () -> client.chatPostMessage(req -> req.channel(channel).threadTs(threadTs)
                .text(text).unfurlLinks(false)));
        return new Posted(r.getChannel(), r.getTs());
    }

    /** One page of a channel's history or of a thread: messages as Slack sent them, and the next cursor. */
    public record Page(List<com.google.gson.JsonObject> messages, String nextCursor) {
    }

    public Page history(String channel, String oldestTs, String cursor, int limit) {
        var r = call("conversations.history", () -> client.conversationsHistory(req -> req.channel(channel)
                .oldest(oldestTs).inclusive(true).cursor(cursor).limit(limit)));
        return page(r.getMessages(), r.getResponseMetadata());
    }

    public Page replies(String channel, String threadTs, String cursor, int limit) {
        var r = call("conversations.replies", () -> client.conversationsReplies(req -> req.channel(channel)
                .ts(threadTs).cursor(cursor).limit(limit)));
        return page(r.getMessages(), r.getResponseMetadata());
    }

    private static final com.google.gson.Gson SNAKE_CASE = com.slack.api.util.json.GsonFactory.createSnakeCase();

    private static Page page(List<com.slack.api.model.Message> messages, com.slack.api.model.ResponseMetadata meta) {
        List<com.google.gson.JsonObject> json = messages == null ? List.of()
                : messages.stream().map(m -> SNAKE_CASE.toJsonTree(m).getAsJsonObject()).toList();
        String next = meta == null || meta.getNextCursor() == null || meta.getNextCursor().isBlank() ? null : meta.getNextCursor();
        return new Page(json, next);
    }

    /**
     * Whether {@code userId} is a member of {@code channel} ({@link #channelMembers}). Unlike
     * {@link #isChannelMember} it throws {@link SlackError} (e.g. {@code channel_not_found} when the
     * bot cannot see the channel) or {@link SlackUnavailable}, so the caller can say why it refuses.
     */
    public boolean isMember(String channel, String userId) {
        return userId != null && channelMembers(channel).contains(userId);
    }

    /** Forgets what {@link #channelMembers} remembered about {@code channel} (someone joined or left it). */
    public void forgetMembers(String channel) {
        if (channel != null) {
            channelMembers.invalidate(channel);
        }
    }

    /** Joins a public channel; already being in it is fine. */
    public void join(String channel) {
        call("conversations.join", () -> client.conversationsJoin(req -> req.channel(channel)));
    }

    public void setTopic(String channel, String topic) {
        call("conversations.setTopic", () -> client.conversationsSetTopic(req -> req.channel(channel).topic(topic)));
    }

    /** Archives a channel; one that is already archived is fine. */
    public void archive(String channel) {
        try {
            call("conversations.archive", () -> client.conversationsArchive(req -> req.channel(channel)));
        } catch (SlackError e) {
            if (!"already_archived".equals(e.error())) {
                throw e;
            }
        }
    }

    /** A link to a message (chat.getPermalink). */
    public String permalink(String channel, String ts) {
        return call("chat.getPermalink", () -> client.chatGetPermalink(req -> req.channel(channel).messageTs(ts)))
                .getPermalink();
    }

    public void openView(String triggerId, com.slack.api.model.view.View view) {
        call("views.open", () -> client.viewsOpen(req -> req.triggerId(triggerId).view(view)));
    }

    public void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        call("chat.update", () -> client.chatUpdate(req -> req.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    /** Uploads a text file into a channel (files.getUploadURLExternal, upload, files.completeUploadExternal). */
    public void uploadFile(String channel, String filename, String title, String content, String comment) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        var target = call("files.getUploadURLExternal",
                () -> client.filesGetUploadURLExternal(req -> req.filename(filename).length(bytes.length)));
        retrying("file upload", () -> {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target.getUploadUrl()))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("upload answered HTTP " + r.statusCode());
            }
            return r;
        });
        call("files.completeUploadExternal", () -> client.filesCompleteUploadExternal(req -> req
                .files(List.of(new FileDetails(target.getFileId(), title)))
                .channelId(channel)
                .initialComment(comment)));
    }

    /** Answers through a slash command's response_url (ephemeral unless the payload says otherwise). */
    public void respond(String responseUrl, String payloadJson) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return;
        }
        WebhookResponse r = retrying("response_url", () -> {
            WebhookResponse w = slack.send(responseUrl, payloadJson);
            if (w.getCode() == 429 || w.getCode() >= 500) {
                throw new IOException("response_url answered HTTP " + w.getCode());
            }
            return w;
        });
        if (r.getCode() != 200) {
            log.warn("response_url answered HTTP {}: {}", r.getCode(), r.getBody());
        }
    }

    /** Display name from users.info (cached); the id itself when Slack does not know it. */
    @Override
    public String displayName(String userId) {
        if (userId == null || userId.isBlank()) {
            return "unknown";
        }
        String cached = displayNames.getIfPresent(userId);
        if (cached != null) {
            return cached;
        }
        if (unnamed.getIfPresent(userId) != null || connection == Connection.TOKEN_REFUSED) {
            return userId; // asked a moment ago and Slack could not say, or Slack refuses the token: do not wait again
        }
        try {
            UsersInfoResponse r = call("users.info", () -> client.usersInfo(req -> req.user(userId)));
            String name = nameOf(r.getUser()).orElse(userId);
            if (r.getUser() != null && r.getUser().getTz() != null) {
                try {
                    timeZones.put(userId, java.time.ZoneId.of(r.getUser().getTz()));
                } catch (java.time.DateTimeException ignored) {
                    // an unknown zone reads as UTC
                }
            }
            String team = r.getUser() == null ? null : r.getUser().getTeamId();
            BotIdentity me = identity;
            if (team != null && !team.isBlank() && me != null && me.teamId() != null && !team.equals(me.teamId())) {
                name = name + " (" + organizationName(team) + ")"; // Slack Connect: someone of another organization
            }
            displayNames.put(userId, name);
            return name;
        } catch (RuntimeException e) {
            unnamed.put(userId, Boolean.TRUE);
            log.warn("users.info {} failed, showing the id instead: {}", userId, e.getMessage());
            return userId;
        }
    }

    /** The person's Slack time zone (users.info {@code tz}, looked up with the name), or null when unknown. */
    @Override
    public java.time.ZoneId timeZone(String userId) {
        if (userId == null || userId.isBlank()) {
            return null;
        }
        java.time.ZoneId zone = timeZones.getIfPresent(userId);
        if (zone == null && displayNames.getIfPresent(userId) == null) {
            displayName(userId);
            zone = timeZones.getIfPresent(userId);
        }
        return zone;
    }

    private final Cache<String, String> organizationNames = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    /** Another organization's name (team.info, needs team:read), or its team id when Slack does not say. */
    private String organizationName(String teamId) {
        String cached = organizationNames.getIfPresent(teamId);
        if (cached != null) {
            return cached;
        }
        try {
            var r = call("team.info", () -> client.teamInfo(req -> req.team(teamId)));
            String name = r.getTeam() == null || r.getTeam().getName() == null || r.getTeam().getName().isBlank()
                    ? teamId : r.getTeam().getName().strip();
            organizationNames.put(teamId, name);
            return name;
        } catch (RuntimeException e) {
            log.warn("team.info {} failed, showing the team id instead: {}", teamId, e.getMessage());
            return teamId;
        }
    }

    private static Optional<String> nameOf(User user) {
        if (user == null) {
            return Optional.empty();
        }
        if (user.getProfile() != null) {
            for (String candidate : new String[]{user.getProfile().getDisplayName(), user.getProfile().getRealName()}) {
                if (candidate != null && !candidate.isBlank()) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.ofNullable(user.getRealName()).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(user.getName()).filter(s -> !s.isBlank()));
    }

    private <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        return call(method, null, call);
    }

    /** {@code channel} names the channel a post goes to, which Slack limits on its own (or null). */
    private <T extends SlackApiTextResponse> T call(String method, String channel, Call<T> call) {
        pace(method, channel);
        T response = retrying(method, call::run);
        if (!response.isOk()) {
            metrics.slackApiError(method, response.getError());
            if (TOKEN_REFUSALS.contains(response.getError())) {
                if (connection != Connection.TOKEN_REFUSED || !response.getError().equals(refusal)) {
                    log.error(refusedMessage(response.getError()));
                }
                refusal = response.getError();
                connection = Connection.TOKEN_REFUSED;
            }
            throw new SlackError(method, response.getError(), response.getNeeded());
        }
        if (connection == Connection.TOKEN_REFUSED && identity != null) {
            connection = Connection.OK; // accepted again (reinstalled, or a refusal of one call)
        }
        if (response.getWarning() != null) {
            log.debug("{} warning: {}", method, response.getWarning());
        }
        return response;
    }

    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException, SlackApiException, InterruptedException;
    }

    private <T> T retrying(String what, Attempt<T> attempt) {
        Exception last = null;
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            try {
                return attempt.run();
            } catch (SlackApiException e) {
                last = e;
                int code = e.getResponse().code();
                if (code != 429 && code < 500) {
                    metrics.slackApiError(what, "http_" + code);
                    throw new SlackError(what, "HTTP " + code);
                }
                Duration wait = code == 429 ? retryAfter(e) : backoff.delay(n);
                if (code == 429 && wait.compareTo(INLINE_RETRY_AFTER) > 0) {
                    metrics.slackApiRetry(what, "429");
                    throw new SlackRateLimited(what, wait);
                }
                if (n < MAX_ATTEMPTS) {
                    metrics.slackApiRetry(what, code == 429 ? "429" : "5xx");
                    sleep(wait, what, "HTTP " + code, n);
                } else if (code == 429) {
                    throw new SlackRateLimited(what, wait);
                }
            } catch (IOException e) {
                last = e;
                if (n < MAX_ATTEMPTS) {
                    metrics.slackApiRetry(what, "io");
                    sleep(backoff.delay(n), what, e.toString(), n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlackUnavailable(what, e);
            }
        }
        metrics.slackApiError(what, "unavailable");
        throw new SlackUnavailable(what, last);
    }

    /**
     * Waits for the method's turn under its rate tier; a turn further away than
     * {@link #INLINE_RETRY_AFTER} is not waited for here: the caller hears {@link SlackRateLimited}
     * (the outbox then waits it out without counting an attempt).
     */
    private void pace(String method, String channel) {
        Optional<Duration> turn = pacer.take(method, channel, INLINE_RETRY_AFTER);
        if (turn.isEmpty()) {
            metrics.slackApiRetry(method, "paced");
            throw SlackRateLimited.paced(method, pacer.nextTurn(method, channel));
        }
        if (!turn.get().isZero()) {
            try {
                Thread.sleep(turn.get().toMillis(), turn.get().toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlackUnavailable(method, e);
            }
        }
    }

    /** Slack's Retry-After in full (seconds; 1 s when it is missing or not a number). */
    static Duration retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        try {
            long seconds = Long.parseLong(header == null ? "1" : header.trim());
            return Duration.ofSeconds(Math.max(seconds, 1));
        } catch (NumberFormatException ignored) {
            return Duration.ofSeconds(1);
        }
    }

    private static void sleep(Duration d, String what, String reason, int attempt) {
        log.info("{}: {} (attempt {}/{}), retrying in {} ms", what, reason, attempt, MAX_ATTEMPTS, d.toMillis());
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackUnavailable(what, e);
        }
    }
}
