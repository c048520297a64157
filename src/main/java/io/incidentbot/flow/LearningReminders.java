package io.incidentbot.flow;

import io.incidentbot.slackapi.Blocks;
import io.incidentbot.incident.Transactions;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;

import io.incidentbot.config.LearningConfig;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.LearningState;
import io.incidentbot.postmortem.AfterActionReview;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled half of the learning loop, run by {@link Reminders} on every pass. Its state is in the
 * database, so restarts neither forget nor repeat anything:
 * <ul>
 *   <li>a P1/P2 postmortem still unpublished {@value #PUBLISH_WITHIN_DAYS} days after resolve: a DM to the
 *       lead once each weekday (UTC) until it is published;</li>
 *   <li>{@code ARCHIVE_AFTER_DAYS} after publishing (or closing without a postmortem): the incident
 *       channel is archived, once;</li>
 *   <li>{@code REVIEW_AFTER_MONTHS} after publishing: the after-action review, once, to the lead and the
 *       share channel (the lead only, for a private incident).</li>
 * </ul>
 */
public final class LearningReminders implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LearningReminders.class);
    public static final int PUBLISH_WITHIN_DAYS = 7;

    private final IncidentService service;
    private final LearningService learning;
    private final Outbox outbox;
    private final Transactions tx;
    private final LearningConfig config;

    /** Each message is queued in the outbox in the transaction that records it was sent. */
    public LearningReminders(IncidentService service, LearningService learning, Outbox outbox, Transactions tx,
                             LearningConfig config) {
        this.service = service;
        this.learning = learning;
        this.outbox = outbox;
        this.tx = tx;
        this.config = config;
    }

    @Override
    public void run() {
        remindToPublish();
        archive();
        review();
    }

    static boolean isWeekday(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    void remindToPublish() {
        LocalDate today = learning.today();
        if (!isWeekday(today)) {
            return;
        }
        for (Incident i : learning.unpublishedToRemind(Duration.ofDays(PUBLISH_WITHIN_DAYS), today)) {
            if (i.leadId() == null) {
                continue; // nobody to remind: declared from an alert and never led
            }
            long days = Duration.between(i.resolvedAt(), learning.now()).toDays();
            String where = i.channelId() == null ? "" : " in <#" + i.channelId() + ">";
            String text = ":memo: The postmortem of *" + Blocks.clip(Blocks.heading(i)) + "* ("
                    + i.severity().display() + ") is not published yet: it was resolved " + days + " days ago, and "
                    + "P1 and P2 postmortems are published within a week. Fill in the _TODO_ prompts, then run "
                    + "`/incident publish`" + where + ". I'll remind you each weekday until it is published.";
            tx.atomically(() -> {
                outbox.add(i, new SlackJob.Post(i.leadId(), text, null));
                learning.markPublishReminded(i, today);
            });
            log.info("{}: reminded {} to publish the postmortem ({} days after resolve)", i.humanId(), i.leadId(), days);
        }
    }

    void archive() {
        if (config.archiveAfterDays() <= 0) {
            return;
        }
        for (Incident i : learning.toArchive(Duration.ofDays(config.archiveAfterDays()))) {
            if (!i.botCanPostInChannel()) {
                // archived by someone, deleted, or the bot was removed: nothing left for the bot to archive
                learning.markArchived(i);
                log.info("{}: channel {} is {} already; not archiving it", i.humanId(), i.channelId(),
                        i.channelState().describe());
                continue;
            }
            LearningState state = learning.state(i);
            String why = state.isPublished() ? "its postmortem was published" : "it was closed without a postmortem";
            String goodbye = ":file_cabinet: Archiving this channel: " + why + " " + config.archiveAfterDays() + " day"
                    + (config.archiveAfterDays() == 1 ? "" : "s") + " ago. Everything here stays readable.";
            // marked at once: a refusal (not_in_channel, a missing scope) is told once by the outbox, not every minute
            tx.atomically(() -> {
                outbox.add(i, new SlackJob.Post(i.channelId(), goodbye, null));
                outbox.add(i, new SlackJob.Archive(i.channelId()));
                learning.markArchived(i);
            });
            log.info("{}: archiving channel {}", i.humanId(), i.channelId());
        }
    }

    void review() {
        int months = config.reviewAfterMonths();
        if (months <= 0) {
            return;
        }
        List<Incident> due = learning.toReview(months);
        if (due.isEmpty()) {
            return;
        }
        Map<Long, List<String>> tagsById = learning.allTags();
        for (Incident i : due) {
            try {
                LearningState state = learning.state(i);
                List<String> tags = tagsById.getOrDefault(i.id(), List.of());
                List<AfterActionReview.Repeat> repeats = AfterActionReview.repeats(i, tags, others(i), tagsById);
                String text = AfterActionReview.text(i, state.nearMiss() ? state.nearMissLabel() : i.severity().display(),
                        months, state.publishedAt(), service.actions(i), repeats, learning.now());
                tx.atomically(() -> {
                    for (String target : targets(i)) {
                        outbox.add(i, new SlackJob.Post(target, text, null));
                    }
                    learning.markReviewed(i);
                });
                log.info("{}: {}-month review queued ({} repeat{})", i.humanId(), months, repeats.size(),
                        repeats.size() == 1 ? "" : "s");
            } catch (RuntimeException e) {
                log.warn("{}: could not prepare the review: {}", i.humanId(), e.getMessage());
            }
        }
    }

    private List<String> targets(Incident i) {
        List<String> out = new ArrayList<>();
        if (i.leadId() != null) {
            out.add(i.leadId());
        }
        if (config.shareChannel() != null && !i.isPrivate()) { // private incidents are never shared
            out.add(config.shareChannel());
        }
        return out;
    }

    /** Every other incident, resolved or not, to look for repeats among. */
    private List<Incident> others(Incident i) {
        Map<Long, Incident> all = new LinkedHashMap<>();
        for (Incident other : service.earlierIncidents(i, 10_000)) {
            all.put(other.id(), other);
        }
        for (Incident other : service.unresolved()) {
            if (i.isPrivate() || !other.isPrivate()) { // a public review never names a private incident
                all.putIfAbsent(other.id(), other);
            }
        }
        return new ArrayList<>(all.values());
    }
}
