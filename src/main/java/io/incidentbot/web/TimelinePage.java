package io.incidentbot.web;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelinePosition;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * {@code GET /incidents/{id}}: the incident's facts and its timeline in UTC, grouped by day, a page
 * of {@value #PAGE} entries at a time ({@code ?after=} the last one's position links to the next).
 * Pinned entries are highlighted, thread replies indented, edits and bots marked, lifecycle events
 * set apart; deleted entries are left out. The search box filters the page as you type (inline
 * script) and, on submit ({@code ?q=}), searches the whole timeline in the database.
 */
final class TimelinePage {
    static final int PAGE = 500;

    private final IncidentService service;
    private final UserNames names;
    private final Clock clock;

    TimelinePage(IncidentService service, UserNames names, Clock clock) {
        this.service = service;
        this.names = names;
        this.clock = clock;
    }

    Reply render(Incident incident, Exchange ex) {
        UserNames people = SlackHtml.memoize(names);
        String q = ex.queryParam("q");
        String title = SlackHtml.plain(incident.title(), people);

        StringBuilder body = new StringBuilder(16_384);
        body.append("<h1>").append(Html.esc(incident.humanId())).append(" · ").append(Html.esc(title)).append("</h1>\n");
        facts(incident, people, body);
        body.append("<p class=\"links\"><a href=\"/\">← All incidents</a>")
                .append("<a href=\"/incidents/").append(incident.id()).append("/postmortem\">Postmortem</a>")
                .append("<a href=\"/incidents/").append(incident.id()).append("/postmortem.md\">Download Markdown</a></p>\n");
        incident.summaryText().ifPresent(s -> body.append("<p class=\"text\">").append(SlackHtml.html(s, people))
                .append("</p>\n"));

        String search = q == null || q.isBlank() ? null : q.strip();
        String afterParam = ex.queryParam("after");
        Optional<TimelinePosition> after = TimelinePosition.parse(afterParam);
        if (afterParam != null && after.isEmpty()) {
            return Reply.html(400, Layout.page("Not a page", "<h1>Not a page of this timeline</h1><p><a href=\"/incidents/"
                    + incident.id() + "\">Start from its first page</a>.</p>", true));
        }
        // one more than a page: whether a next page exists, without counting a huge timeline's matches
        java.util.Set<String> authors = search == null ? java.util.Set.of() : authorsNamed(incident, search, people);
        List<TimelineEntry> read = service.timelinePage(incident, after.orElse(null), search, authors, PAGE + 1);
        boolean more = read.size() > PAGE;
        List<TimelineEntry> entries = more ? read.subList(0, PAGE) : read;
        int total = service.timelineSize(incident);
        body.append("<h2>Timeline (UTC)</h2>\n")
                .append("<form method=\"get\" role=\"search\" action=\"/incidents/").append(incident.id()).append("\">")
                .append("<label for=\"q\">Filter entries <input type=\"search\" id=\"q\" name=\"q\" value=\"")
                .append(Html.esc(q == null ? "" : q)).append("\" placeholder=\"words, names…\" autocomplete=\"off\">")
                .append("</label><button type=\"submit\">Filter</button>");
        if (search != null) {
            body.append("<a href=\"/incidents/").append(incident.id()).append("\">Clear</a>");
        }
        body.append("</form>\n");

        int shown = 0;
        String currentDay = null;
        StringBuilder list = new StringBuilder(entries.size() * 256);
        for (TimelineEntry e : entries) {
            String who = author(e, people);
            String text = SlackHtml.plain(e.text(), people);
            shown++;
            Instant at = when(e);
            String day = at == null ? "unknown date" : Formats.DATE.format(at);
            if (!day.equals(currentDay)) {
                if (currentDay != null) {
                    list.append("</ol></section>\n");
                }
                currentDay = day;
                list.append("<section class=\"day\"><h2>").append(Html.esc(day)).append("</h2><ol class=\"timeline\">\n");
            }
            entry(e, at, who, text, list);
        }
        if (currentDay != null) {
            list.append("</ol></section>\n");
        }
        body.append("<p class=\"muted\" id=\"shown\" aria-live=\"polite\">").append(shown).append(" of ")
                .append(total).append(" entries shown")
                .append(search == null ? "" : " — matching “" + Html.esc(search) + "”")
                .append(after.isEmpty() ? "" : ", from a later page").append("</p>\n");
        if (entries.isEmpty()) {
            body.append("<p class=\"muted\">").append(search != null ? "No entry matches." : after.isPresent()
                    ? "No more entries." : "Nothing captured yet.").append("</p>\n");
        }
        body.append(list);
        if (more) {
            String next = "/incidents/" + incident.id() + "?after=" + TimelinePosition.after(entries.get(entries.size() - 1))
                    + (search == null ? "" : "&q=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8));
            body.append("<p class=\"links\"><a rel=\"next\" href=\"").append(Html.esc(next))
                    .append("\">Next ").append(PAGE).append(" entries →</a></p>\n");
        }
        return Reply.html(200, Layout.page(incident.humanId() + " · " + title, body.toString(), true));
    }

    /** The incident's authors whose display names contain {@code search} (any case). */
    private java.util.Set<String> authorsNamed(Incident incident, String search, UserNames people) {
        String needle = search.toLowerCase(Locale.ROOT);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String id : service.timelineAuthors(incident)) {
            if (people.displayName(id).toLowerCase(Locale.ROOT).contains(needle)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private void facts(Incident i, UserNames people, StringBuilder body) {
        body.append("<ul class=\"facts\">")
                .append("<li><span class=\"badge sev-").append(i.severity().name()).append("\">")
                .append(Html.esc(i.severity().display())).append("</span></li>")
                .append("<li>Status: <strong>").append(Html.esc(i.status().display())).append("</strong></li>")
                .append("<li>Opened ").append(Formats.time(i.openedAt(), Formats.dateTime(i.openedAt()))).append("</li>");
        if (i.resolvedAt() != null) {
            body.append("<li>Resolved ").append(Formats.time(i.resolvedAt(), Formats.dateTime(i.resolvedAt())))
                    .append("</li>");
        }
        body.append("<li>Duration: ").append(Html.esc(Formats.duration(i, clock.instant()))).append("</li>")
                .append("<li>Lead: ").append(Html.esc(i.leadId() == null ? "—" : people.displayName(i.leadId())))
                .append("</li>");
        if (i.channelName() != null) {
            body.append("<li>Channel: ").append(SlackHtml.channelLink(i)).append("</li>");
        }
        body.append("</ul>\n");
        i.rootCauseText().ifPresent(rc -> body.append("<p><strong>Root cause:</strong> <span class=\"text\">")
                .append(SlackHtml.html(rc, people)).append("</span></p>\n"));
    }

    /** One entry; {@code text} is plain (escaped and linked here). */
    private static void entry(TimelineEntry e, Instant at, String who, String text, StringBuilder out) {
        TimelineEntry.Kind kind = e.kind() == null ? TimelineEntry.Kind.MESSAGE : e.kind();
        out.append("<li class=\"entry ").append(switch (kind) {
            case MESSAGE -> "message";
            case BOT_MESSAGE -> "bot";
            case LIFECYCLE -> "lifecycle";
        });
        if (e.pinned()) {
            out.append(" pinned");
        }
        if (e.isThreadReply()) {
            out.append(" reply");
        }
        if (e.isEdited()) {
            out.append(" edited");
        }
        out.append("\"><div class=\"meta\">")
                .append(Formats.time(at, at == null ? "--:--:--" : Formats.TIME.format(at)));
        if (e.isThreadReply()) {
            out.append("<span title=\"reply in a thread\">↳ reply</span>");
        }
        if (kind == TimelineEntry.Kind.LIFECYCLE) {
            out.append("<span class=\"badge\">event</span>");
        } else {
            out.append("<span class=\"who\">").append(Html.esc(who)).append("</span>");
        }
        if (kind == TimelineEntry.Kind.BOT_MESSAGE) {
            out.append("<span class=\"badge\">bot</span>");
        }
        if (e.pinned()) {
            out.append("<span class=\"badge\">📌 pinned</span>");
        }
        if (e.isEdited()) {
            out.append("<span class=\"badge\" title=\"edited at ").append(Html.esc(Formats.dateTime(e.editedAt())))
                    .append("\">edited</span>");
        }
        out.append("</div><div class=\"text\">").append(SlackHtml.linkify(text.strip())).append("</div>");
        List<String> files = files(e);
        if (!files.isEmpty()) {
            out.append("<div class=\"meta\">📎 ").append(Html.esc(String.join(", ", files))).append("</div>");
        }
        out.append("</li>\n");
    }

    private static List<String> files(TimelineEntry e) {
        return e.files() == null ? List.of() : e.files();
    }

    private static String author(TimelineEntry e, UserNames people) {
        TimelineEntry.Kind kind = e.kind() == null ? TimelineEntry.Kind.MESSAGE : e.kind();
        return switch (kind) {
            case MESSAGE -> e.authorId() == null ? "unknown" : people.displayName(e.authorId());
            case BOT_MESSAGE -> e.authorName() == null || e.authorName().isBlank() ? "integration" : e.authorName().strip();
            case LIFECYCLE -> "";
        };
    }

    private static Instant when(TimelineEntry e) {
        if (e.occurredAt() != null) {
            return e.occurredAt();
        }
        return e.ts() != null && SlackTs.isValid(e.ts()) ? SlackTs.toInstant(e.ts()) : null;
    }
}
