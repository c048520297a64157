package io.incidentbot.web;

import io.incidentbot.http.QueryString;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code GET /}: incidents newest first, filtered by {@code ?status=} and {@code ?severity=}, 25 a page. */
final class IncidentListPage {
    static final int PAGE_SIZE = 25;
    private static final int MAX_PAGE = 1_000_000;
    /** The status filter's choices, as offered in the form. */
    private static final List<String> STATUS_CHOICES = List.of("open", "investigating", "identified", "monitoring",
            "resolved");

    private final IncidentService service;
    private final UserNames names;
    private final Clock clock;

    IncidentListPage(IncidentService service, UserNames names, Clock clock) {
        this.service = service;
        this.names = names;
        this.clock = clock;
    }

    /** The filter as asked for; {@code problem} is non-null when a value was not understood. */
    record Query(String statusParam, String severityParam, String tagParam, IncidentFilter filter, int page,
                 String problem) {
        static Query of(Exchange ex) {
            String statusParam = normalized(ex.queryParams().get("status"));
            String severityParam = normalized(ex.queryParams().get("severity"));
            String tagParam = normalized(ex.queryParams().get("tag"));
            Set<Status> statuses = EnumSet.noneOf(Status.class);
            Set<Severity> severities = EnumSet.noneOf(Severity.class);
            String problem = null;
            for (String s : split(statusParam)) {
                if (s.equals("open")) {
                    statuses.addAll(IncidentFilter.open());
                } else {
                    var parsed = Status.parse(s);
                    if (parsed.isPresent()) {
                        statuses.add(parsed.get());
                    } else {
                        problem = "Unknown status \"" + s + "\": use open, investigating, identified, monitoring "
                                + "or resolved.";
                    }
                }
            }
            for (String s : split(severityParam)) {
                var parsed = Severity.parse(s);
                if (parsed.isPresent()) {
                    severities.add(parsed.get());
                } else {
                    problem = "Unknown severity \"" + s + "\": use P1, P2, P3 or P4.";
                }
            }
            if (!tagParam.isEmpty() && !tagParam.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                problem = "Unknown tag \"" + tagParam + "\": tags are single lower-case words such as db or deploy.";
            }
            int page = 1;
            String pageParam = ex.queryParam("page");
            if (pageParam != null && pageParam.strip().matches("\\d{1,9}")) {
                page = Math.max(1, Math.min(MAX_PAGE, Integer.parseInt(pageParam.strip())));
            }
            return new Query(statusParam, severityParam, tagParam,
                    new IncidentFilter(statuses, severities, problem == null ? tagParam : null), page, problem);
        }

        /** Lower-case, comma-joined, "all"/"any" meaning no filter; "" when none. */
        private static String normalized(List<String> values) {
            if (values == null) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            for (String v : values) {
                for (String s : v.split(",")) {
                    String t = s.strip().toLowerCase(Locale.ROOT);
                    if (!t.isEmpty() && !t.equals("all") && !t.equals("any") && !parts.contains(t)) {
                        parts.add(t);
                    }
                }
            }
            return String.join(",", parts);
        }

        private static List<String> split(String param) {
            return param.isEmpty() ? List.of() : List.of(param.split(","));
        }

        /** A link to another page of the same list. */
        String link(int toPage) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("status", statusParam.isEmpty() ? null : statusParam);
            p.put("severity", severityParam.isEmpty() ? null : severityParam.toUpperCase(Locale.ROOT));
            p.put("tag", tagParam.isEmpty() ? null : tagParam);
            p.put("page", toPage <= 1 ? null : Integer.toString(toPage));
            String q = QueryString.build(p);
            return q.isEmpty() ? "/" : "/?" + q;
        }
    }

    Reply render(Exchange ex) {
        return render(ex, IncidentFilter.Visibility.EVERYTHING);
    }

    /** As the reader may see it: private incidents they may not see are neither listed nor counted. */
    Reply render(Exchange ex, IncidentFilter.Visibility visibility) {
        Query query = Query.of(ex);
        StringBuilder body = new StringBuilder(8192);
        body.append("<h1>Incidents</h1>\n");
        form(query, body);
        if (query.problem() != null) {
            body.append("<p class=\"note\">").append(Html.esc(query.problem())).append("</p>\n");
            return Reply.html(400, Layout.page("Incidents", body.toString(), false));
        }
        IncidentFilter filter = query.filter().visibleAs(visibility);
        int total = service.count(filter);
        int pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(query.page(), pages);
        List<Incident> incidents = total == 0 ? List.of()
                : service.find(filter, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        boolean filtered = !query.filter().statuses().isEmpty() || !query.filter().severities().isEmpty();

        if (incidents.isEmpty()) {
            body.append("<p class=\"muted\">").append(filtered
                    ? "No incidents match these filters. <a href=\"/\">Show all incidents</a>."
                    : "No incidents yet. Declare one in Slack with <code>/incident open &lt;title&gt;</code>.")
                    .append("</p>\n");
        } else {
            table(incidents, body);
        }
        body.append("<nav class=\"pager\" aria-label=\"Pages\"><span>");
        if (page > 1) {
            body.append("<a rel=\"prev\" href=\"").append(Html.esc(query.link(page - 1))).append("\">← Newer</a>");
        }
        body.append("</span><span class=\"muted\">Page ").append(page).append(" of ").append(pages).append(" · ")
                .append(total).append(total == 1 ? " incident" : " incidents").append("</span><span>");
        if (page < pages) {
            body.append("<a rel=\"next\" href=\"").append(Html.esc(query.link(page + 1))).append("\">Older →</a>");
        }
        body.append("</span></nav>\n");
        return Reply.html(200, Layout.page("Incidents", body.toString(), false));
    }

    private static void form(Query query, StringBuilder body) {
        body.append("<form method=\"get\" action=\"/\" aria-label=\"Filter incidents\">\n")
                .append("<label>Status <select name=\"status\">");
        option("", "any", query.statusParam(), body);
        for (String s : STATUS_CHOICES) {
            option(s, s, query.statusParam(), body);
        }
        body.append("</select></label>\n<label>Severity <select name=\"severity\">");
        option("", "any", query.severityParam(), body);
        for (Severity s : Severity.values()) {
            option(s.name().toLowerCase(Locale.ROOT), s.display(), query.severityParam(), body);
        }
        body.append("</select></label>\n<label>Tag <input name=\"tag\" size=\"10\" placeholder=\"e.g. db\" value=\"")
                .append(Html.esc(query.tagParam())).append("\"></label>\n<button type=\"submit\">Filter</button>\n</form>\n");
    }

    private static void option(String value, String label, String selected, StringBuilder body) {
        body.append("<option value=\"").append(Html.esc(value)).append('"')
                .append(value.equals(selected) ? " selected" : "").append('>').append(Html.esc(label))
                .append("</option>");
    }

    private void table(List<Incident> incidents, StringBuilder body) {
        UserNames people = SlackHtml.memoize(names);
        Instant now = clock.instant();
        // data-label: on a phone each row becomes a card and the cells say what they are (Layout.CSS)
        body.append("<div class=\"scroll\"><table class=\"incidents\">\n<thead><tr><th>ID</th><th>Title</th>")
                .append("<th>Severity</th><th>Status</th><th>Opened</th><th>Duration</th><th>Lead</th><th>Channel</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (Incident i : incidents) {
            String href = "/incidents/" + i.id();
            body.append("<tr class=\"incident\"><td class=\"nowrap\"><a href=\"").append(href).append("\">")
                    .append(Html.esc(i.humanId())).append("</a></td>")
                    .append("<td class=\"title\"><a href=\"").append(href).append("\">")
                    .append(Html.esc(SlackHtml.plain(i.title(), people))).append("</a>")
                    .append(i.isPrivate() ? " <span class=\"badge private\" title=\"Shown only to members of its "
                            + "channel\">private</span>" : "").append("</td>")
                    .append("<td data-label=\"Severity\"><span class=\"badge sev-").append(i.severity().name()).append("\">")
                    .append(Html.esc(i.severity().name())).append("</span></td>")
                    .append("<td data-label=\"Status\" class=\"status-").append(i.status().display()).append("\">")
                    .append(Html.esc(i.status().display())).append("</td>")
                    .append("<td data-label=\"Opened\" class=\"nowrap\">")
                    .append(Formats.time(i.openedAt(), Formats.dateTime(i.openedAt()))).append("</td>")
                    .append("<td data-label=\"Duration\" class=\"nowrap\">").append(Html.esc(Formats.duration(i, now)))
                    .append("</td>")
                    .append("<td data-label=\"Lead\">")
                    .append(Html.esc(i.leadId() == null ? "—" : people.displayName(i.leadId()))).append("</td>")
                    .append("<td data-label=\"Channel\" class=\"channel\">").append(SlackHtml.channelLink(i))
                    .append("</td></tr>\n");
        }
        body.append("</tbody>\n</table></div>\n");
    }
}
