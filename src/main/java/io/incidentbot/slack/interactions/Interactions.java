package io.incidentbot.slack.interactions;

import io.incidentbot.metrics.LogContext;
import io.incidentbot.slackapi.Blocks;
import io.incidentbot.slackapi.Responses;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slackapi.SlackIds;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.gson.Gson;
import com.slack.api.bolt.App;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import com.slack.api.util.json.GsonFactory;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.slack.commands.CommandRouter;
import io.incidentbot.slack.commands.Invocation;
import io.incidentbot.slack.commands.OpenCommand;
import io.incidentbot.slackapi.SlackMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * Everything people click: the "declare an incident" modal, the intro message's buttons (which
 * run the same code as the commands), and the "Add to incident timeline" message shortcut.
 */
public final class Interactions {
    private static final Logger log = LoggerFactory.getLogger(Interactions.class);
    private static final Gson SLACK_JSON = GsonFactory.createSnakeCase();
    public static final String OPEN_MODAL = "incident_open";
    public static final String ADD_SHORTCUT = "add_to_timeline";
    public static final String ADD_MODAL = "add_to_timeline_submit";
    static final String PRIVATE_OPTION = "private";
    static final Pattern INTRO_ACTIONS = Pattern.compile("incident_(status|severity|resolve)");

    private final IncidentService service;
    private final SlackGateway slack;
    private final OpenCommand open;
    private final CommandRouter commands;
    private final Executor background;
    private final IncidentAccess access;
    /** Messages picked with the shortcut, waiting for the person to choose an incident. */
    private final Cache<String, IncomingMessage> picked = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();

    public Interactions(IncidentService service, SlackGateway slack, OpenCommand open, CommandRouter commands,
                        Executor background) {
        this.service = service;
        this.slack = slack;
        this.open = open;
        this.commands = commands;
        this.background = background;
        this.access = new IncidentAccess(slack);
    }

    public void register(App app) {
        open.useModal(inv -> background.execute(() -> openDeclareModal(inv)));
        app.viewSubmission(OPEN_MODAL, (req, ctx) -> {
            var p = req.getPayload();
            if (p.getUser() == null || p.getUser().getId() == null) {
                return malformed();
            }
            Map<String, Map<String, ViewState.Value>> values = stateOf(p.getView());
            String title = text(values, "title").orElse("");
            if (title.isBlank()) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("title",
                        "Give the incident a short title, e.g. “Orders API returns 502”.")));
            }
            Severity severity = selected(values, "severity").flatMap(Severity::parse).orElse(Severity.DEFAULT);
            String userId = p.getUser().getId();
            String teamId = p.getTeam() != null ? p.getTeam().getId() : p.getUser().getTeamId();
            String ours = ourTeam(teamId);
            if (!ours.equals(teamId) || p.getUser().getTeamId() != null && !ours.equals(p.getUser().getTeamId())) {
                // someone of another organization (Slack Connect) cannot declare in our workspace
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("title", EXTERNAL_PERSON)));
            }
            String enterpriseId = enterprise(p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                    p.getTeam() == null ? null : p.getTeam().getEnterpriseId());
            // Modal input is plain text; everything else the bot stores is in Slack's escaped form.
            boolean isPrivate = value(values, "visibility").map(ViewState.Value::getSelectedOptions)
                    .map(options -> options.stream().anyMatch(o -> PRIVATE_OPTION.equals(o.getValue()))).orElse(false);
            open.declare(teamId, enterpriseId, userId, Blocks.escape(title.strip()),
                    text(values, "summary").map(Blocks::escape).orElse(null), severity, isPrivate, null);
            return ctx.ack();
        });
        app.blockAction(INTRO_ACTIONS, (req, ctx) -> {
            var p = req.getPayload();
            var action = p.getActions().get(0); // RequestShape made sure there is one, with an action_id
            String channel = p.getChannel() != null ? p.getChannel().getId()
                    : p.getContainer() != null ? p.getContainer().getChannelId() : null;
            if (p.getTeam() == null || p.getUser() == null || channel == null) {
                return malformed();
            }
            String team = ourTeam(p.getTeam().getId());
            boolean external = !team.equals(p.getTeam().getId())
                    || p.getUser().getTeamId() != null && !team.equals(p.getUser().getTeamId());
            Optional<String> refused = external
                    // Slack Connect: a person of another organization clicked in a shared incident channel
                    ? Optional.of(EXTERNAL_PERSON)
                    : service.forChannel(team, channel)
                    .flatMap(incident -> access.refusal(incident, p.getUser().getId(), IncidentAccess.Style.MESSAGE));
            if (refused.isPresent()) {
                background.execute(() -> slack.respond(p.getResponseUrl(), Responses.ephemeral(refused.get())));
                return ctx.ack();
            }
            String command = switch (action.getActionId()) {
                case "incident_status" -> "status " + (action.getSelectedOption() == null ? "" : action.getSelectedOption().getValue());
                case "incident_severity" -> "severity " + (action.getSelectedOption() == null ? "" : action.getSelectedOption().getValue());
                default -> "resolve";
            };
            String reply = commands.handle(new Invocation(team, channel, p.getUser().getId(), command,
                    p.getResponseUrl(), p.getTriggerId(), null,
                    enterprise(p.getEnterprise() == null ? null : p.getEnterprise().getId(), p.getTeam().getEnterpriseId())));
            if (reply != null) {
                background.execute(() -> slack.respond(p.getResponseUrl(), Responses.ephemeral(reply)));
            }
            return ctx.ack();
        });
        app.messageShortcut(ADD_SHORTCUT, (req, ctx) -> {
            var p = req.getPayload();
            var m = p.getMessage();
            if (p.getTeam() == null || p.getChannel() == null || p.getChannel().getId() == null) {
                return malformed();
            }
            String teamId = ourTeam(p.getTeam().getId()); // in a shared channel the person's team may be another's
            String ts = m == null ? null : m.getTs();
            if (!SlackTs.isValid(ts)) {
                return ctx.ack();
            }
            // Back to Slack's JSON shape, so the shortcut reads a message as events and history do.
            IncomingMessage message = SlackMessages.toMessage(teamId,
                    enterprise(p.getEnterprise() == null ? null : p.getEnterprise().getId(), p.getTeam().getEnterpriseId()),
                    p.getChannel().getId(), SLACK_JSON.toJsonTree(m).getAsJsonObject());
            String key = UUID.randomUUID().toString();
            picked.put(key, message);
            String triggerId = p.getTriggerId();
            String userId = p.getUser() == null ? null : p.getUser().getId();
            background.execute(() -> openPickIncidentModal(triggerId, key, teamId, userId));
            return ctx.ack();
        });
        app.viewSubmission(ADD_MODAL, (req, ctx) -> {
            var p = req.getPayload();
            if (p.getUser() == null || p.getUser().getId() == null) {
                return malformed();
            }
            String key = p.getView().getPrivateMetadata();
            IncomingMessage message = key == null ? null : picked.getIfPresent(key);
            Optional<Incident> incident = selected(stateOf(p.getView()), "incident")
                    .flatMap(id -> parseLong(id).flatMap(service::find))
                    .filter(i -> !i.isPrivate() || slack.isChannelMember(i.channelId(), p.getUser().getId()));
            if (message == null) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("incident",
                        "This took too long and I lost the message; please use the shortcut again.")));
            }
            if (incident.isEmpty()) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("incident", "Pick an open incident.")));
            }
            String userId = p.getUser().getId();
            LogContext.incident(incident.get().id());
            Optional<String> refused = access.refusal(incident.get(), userId, IncidentAccess.Style.PLAIN);
            if (refused.isPresent()) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("incident", refused.get())));
            }
            boolean added = service.addMessageBy(incident.get(), message, userId);
            log.info("{}: message {} from {} {} to the timeline by {}", incident.get().humanId(), message.ts(),
                    message.channelId(), added ? "added" : "was already in", userId);
            if (incident.get().botCanPostInChannel()) {
                background.execute(() -> slack.post(incident.get().channelId(), ":heavy_plus_sign: <@" + userId
                        + "> added a message from <#" + message.channelId() + "> to the timeline.", null));
            }
            return ctx.ack();
        });
    }

    /** What a person of another organization hears when they click a button that changes the incident. */
    static final String EXTERNAL_PERSON = "This incident is run from another Slack workspace than yours: only its "
            + "people can change it; your messages and reactions in this shared channel are still part of its timeline.";

    /** The workspace this bot serves (the gate let the request in, so it is known); {@code fallback} else. */
    private String ourTeam(String fallback) {
        return slack.knownIdentity().map(SlackGateway.BotIdentity::teamId).orElse(fallback);
    }

    private void openDeclareModal(Invocation inv) {
        List<OptionObject> severities = new ArrayList<>();
        for (Severity s : Severity.values()) {
            severities.add(option(o -> o.text(plainText(s.display())).value(s.name())
                    .description(plainText(clip(s.definition(), 75)))));
        }
        OptionObject initial = severities.get(Severity.DEFAULT.ordinal());
        View modal = view(v -> v.type("modal").callbackId(OPEN_MODAL)
                .title(viewTitle(t -> t.type("plain_text").text("Declare an incident")))
                .submit(viewSubmit(t -> t.type("plain_text").text("Declare")))
                .close(viewClose(t -> t.type("plain_text").text("Cancel")))
                .blocks(List.of(
                        input(i -> i.blockId("title").label(plainText("Title"))
                                .element(plainTextInput(e -> e.actionId("value").maxLength(200)
                                        .placeholder(plainText("Orders API returns 502"))))),
                        input(i -> i.blockId("severity").label(plainText("Severity"))
                                .element(staticSelect(e -> e.actionId("value").options(severities).initialOption(initial)))),
                        input(i -> i.blockId("summary").label(plainText("Summary")).optional(true)
                                .element(plainTextInput(e -> e.actionId("value").multiline(true)
                                        .placeholder(plainText("What is broken, for whom?"))))),
                        input(i -> i.blockId("visibility").label(plainText("Visibility")).optional(true)
                                .element(checkboxes(e -> e.actionId("value").options(List.of(option(o -> o
                                        .text(plainText("Private incident"))
                                        .value(PRIVATE_OPTION)
                                        .description(plainText("A private channel; not announced, listed only "
                                                + "for its members")))))))))));
        try {
            slack.openView(inv.triggerId(), modal);
        } catch (RuntimeException e) {
            log.warn("Could not open the declare modal ({}); answering with usage instead", e.getMessage());
            slack.respond(inv.responseUrl(), Responses.ephemeral(commands.help()));
        }
    }

    private void openPickIncidentModal(String triggerId, String key, String teamId, String userId) {
        List<OptionObject> options = service.unresolved().stream()
                .filter(i -> i.teamId().equals(teamId))
                // a private incident is offered only to its channel's members
                .filter(i -> !i.isPrivate() || slack.isChannelMember(i.channelId(), userId))
                .limit(100)
                .map(i -> option(o -> o.text(plainText(clip(i.humanId() + " · " + i.title(), 75))).value(Long.toString(i.id()))))
                .toList();
        List<LayoutBlock> blocks = options.isEmpty()
                ? List.of(section(s -> s.text(markdownText("There are no open incidents. Declare one with `/incident open <title>`."))))
                : List.of(input(i -> i.blockId("incident").label(plainText("Incident"))
                        .element(staticSelect(e -> e.actionId("value").options(options)))));
        View modal = view(v -> v.type("modal").callbackId(ADD_MODAL).privateMetadata(key)
                .title(viewTitle(t -> t.type("plain_text").text("Add to timeline")))
                .submit(options.isEmpty() ? null : viewSubmit(t -> t.type("plain_text").text("Add")))
                .close(viewClose(t -> t.type("plain_text").text(options.isEmpty() ? "Close" : "Cancel")))
                .blocks(blocks));
        try {
            slack.openView(triggerId, modal);
        } catch (RuntimeException e) {
            log.warn("Could not open the add-to-timeline modal: {}", e.getMessage());
        }
    }

    /** A payload without what every real one has (who clicked, where). */
    private static com.slack.api.bolt.response.Response malformed() {
        return com.slack.api.bolt.response.Response.builder().statusCode(400)
                .contentType("application/json; charset=utf-8").body("{\"error\":\"malformed payload\"}").build();
    }

    private static Map<String, Map<String, ViewState.Value>> stateOf(View view) {
        return view == null || view.getState() == null ? null : view.getState().getValues();
    }

    private static Optional<String> text(Map<String, Map<String, ViewState.Value>> values, String block) {
        return value(values, block).map(ViewState.Value::getValue).filter(s -> !s.isBlank());
    }

    private static Optional<String> selected(Map<String, Map<String, ViewState.Value>> values, String block) {
        return value(values, block).map(ViewState.Value::getSelectedOption).map(ViewState.SelectedOption::getValue);
    }

    private static Optional<ViewState.Value> value(Map<String, Map<String, ViewState.Value>> values, String block) {
        if (values == null || values.get(block) == null) {
            return Optional.empty();
        }
        return values.get(block).values().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The interaction's Enterprise Grid organization ({@code enterprise.id}, else {@code team.enterprise_id}), or null. */
    static String enterprise(String enterpriseObjectId, String teamEnterpriseId) {
        String id = SlackIds.orNull(enterpriseObjectId);
        return id != null ? id : SlackIds.orNull(teamEnterpriseId);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

}
