package io.incidentbot.slack.commands;

import io.incidentbot.slackapi.Responses;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.LearningState;
import io.incidentbot.postmortem.PostmortemReview;
import io.incidentbot.flow.PostmortemSharing;
import io.incidentbot.slackapi.SlackGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * {@code /incident publish [--anyway]}: after resolve, marks the postmortem final. The review
 * (blaming sentences, open action items that are not SMART) must be clear, or overridden with
 * {@code --anyway}; then the final text is posted here and shared.
 */
public final class PublishCommand extends InIncidentCommand {
    private static final Logger log = LoggerFactory.getLogger(PublishCommand.class);
    static final int MAX_LISTED = 10;
    private static final int MAX_LINE = 400;

    private final LearningService learning;
    private final PostmortemSharing sharing;
    private final SlackGateway slack;
    private final Executor background;

    public PublishCommand(IncidentService service, LearningService learning, PostmortemSharing sharing,
                          SlackGateway slack, Executor background, Clock clock) {
        super(service, clock);
        this.learning = learning;
        this.sharing = sharing;
        this.slack = slack;
        this.background = background;
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String syntax() {
        return "publish [--anyway]";
    }

    @Override
    public String description() {
        return "after resolve: make the postmortem final and share it (the review must be clear, or add --anyway)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        String option = args.replace("—", "--").toLowerCase(Locale.ROOT).strip();
        boolean anyway = option.equals("--anyway") || option.equals("anyway") || option.equals("--force");
        if (!option.isEmpty() && !anyway) {
            return ":warning: " + usageHint() + " — e.g. `/incident publish`, or `/incident publish --anyway` to "
                    + "publish over the review's findings.";
        }
        if (!incident.isResolved()) {
            return ":information_source: *" + incident.humanId() + "* is still " + incident.status().display()
                    + ". Publish its postmortem after `/incident resolve [root cause]`.";
        }
        var actions = service.actions(incident);
        List<PostmortemReview.Finding> findings = PostmortemReview.findings(incident, service.timeline(incident), actions);
        // A P1/P2 postmortem is published only once people wrote its Summary, Impact, Root cause and Action items.
        List<String> unwritten = PostmortemReview.gated(incident, actions) ? PostmortemReview.unwritten(incident, actions)
                : List.of();
        if (!unwritten.isEmpty() && !anyway) {
            return notWritten(incident, unwritten) + (findings.isEmpty() ? "\n" + HOW_TO_GO_ON : "\n" + blocked(incident, findings));
        }
        if (!findings.isEmpty() && !anyway) {
            return blocked(incident, findings);
        }
        LearningState before = learning.state(incident);
        List<String> over = new java.util.ArrayList<>();
        if (!unwritten.isEmpty()) {
            over.add(String.join(", ", unwritten) + " not written");
        }
        if (!findings.isEmpty()) {
            over.add(findings.size() + " review finding" + (findings.size() == 1 ? "" : "s"));
        }
        learning.markPublished(incident, inv.userId(), !findings.isEmpty() || !unwritten.isEmpty(), String.join("; ", over));
        log.info("{}: postmortem publication by {}{}", incident.humanId(), inv.userId(),
                findings.isEmpty() ? "" : " over " + findings.size() + " review findings");
        background.execute(() -> {
            try {
                sharing.publish(incident, inv.userId(), findings.size(), before.isPublished(),
                        text -> slack.respond(inv.responseUrl(), Responses.ephemeral(text)));
            } catch (RuntimeException e) {
                log.error("{}: publishing failed: {}", incident.humanId(), e.getMessage(), e);
            }
        });
        String share = sharing.shareChannelFor(incident)
                .map(channel -> " and a summary shared in " + PostmortemSharing.channelRef(channel))
                .orElse(sharing.shareChannel() != null && incident.isPrivate() ? " (not shared: the incident is private)" : "");
        return ":books: Publishing the postmortem of *" + incident.humanId() + "*"
                + (findings.isEmpty() ? "" : " over " + findings.size() + " review finding"
                + (findings.size() == 1 ? "" : "s") + " (`--anyway`)")
                + " — the final version will be posted here" + share + " in a moment.";
    }

    static final String HOW_TO_GO_ON = "Write them with `/incident set summary|impact|rootcause …` and `/incident action …`, "
            + "then run `/incident publish` again. To publish it as it is, run `/incident publish --anyway`.";

    private static String notWritten(Incident incident, List<String> unwritten) {
        return ":no_entry: The " + incident.severity().name() + " postmortem of *" + incident.humanId()
                + "* is not published: " + String.join(", ", unwritten) + (unwritten.size() == 1 ? " is" : " are")
                + " not written yet (the draft's suggestions count only once a person writes them).";
    }

    private String blocked(Incident incident, List<PostmortemReview.Finding> findings) {
        StringBuilder sb = new StringBuilder(":no_entry: The postmortem of *" + incident.humanId()
                + "* is not published: the review found " + findings.size() + " thing"
                + (findings.size() == 1 ? "" : "s") + " to fix first.");
        for (PostmortemReview.Finding f : findings.subList(0, Math.min(MAX_LISTED, findings.size()))) {
            String line = f.line(UnaryOperator.identity());
            sb.append("\n• ").append(line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 1) + "…" : line);
        }
        if (findings.size() > MAX_LISTED) {
            sb.append("\n• … and ").append(findings.size() - MAX_LISTED).append(" more (see the draft's "
                    + "_Review before publishing_ section).");
        }
        sb.append("\nReword the flagged text (`/incident set summary|impact|rootcause …`), give action items an "
                + "owner, a due date and a specific verb (or close them with `/incident done <n>`), then run "
                + "`/incident publish` again. To publish it as it is, run `/incident publish --anyway`.");
        return sb.toString();
    }
}
