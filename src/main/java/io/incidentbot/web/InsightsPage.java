package io.incidentbot.web;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.postmortem.Metrics;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /insights}: how the team responds over time. TTD/TTM/TTR per incident with their trend,
 * incidents by severity per month, open action items by owner; charts are server-rendered SVG
 * ({@link Charts}), each followed by the same numbers as a table.
 */
final class InsightsPage {
    /** The most recent incidents the page looks at. */
    static final int MAX_INCIDENTS = 1000;
    static final int MONTHS = 12;
    static final int LATEST_ROWS = 50;
    static final int MAX_OWNERS = 15;
    private static final String NO_OWNER = "(no owner)";

    private final IncidentService service;
    private final UserNames names;
    private final Clock clock;
    private final List<Measure> measures;

    InsightsPage(IncidentService service, UserNames names, TtrTargets ttrTargets, Clock clock) {
        this.service = service;
        this.names = names;
        this.clock = clock;
        this.measures = List.of(
                new Measure("TTD", "Time to detect", "from the start of impact to detection",
                        Metrics::ttd, i -> Optional.of(Metrics.ttdTarget())),
                new Measure("TTM", "Time to mitigate", "from detection to mitigation",
                        Metrics::ttm, i -> Optional.of(Metrics.ttmTarget())),
                new Measure("TTR", "Time to resolve",
                        "from the start of impact to resolution; the target depends on severity (TTR_TARGETS)",
                        Metrics::ttr, i -> ttrTargets.forSeverity(i.severity())));
    }

    /** One of the three response times. */
    private record Measure(String code, String name, String explanation, Function<Metrics, Optional<Duration>> of,
                           Function<Incident, Optional<Duration>> target) {
    }

    Reply render(Exchange ex) {
        return render(ex, IncidentFilter.Visibility.EVERYTHING);
    }

    /** As the reader may see it: private incidents they may not see count nowhere on the page. */
    Reply render(Exchange ex, IncidentFilter.Visibility visibility) {
        Instant now = clock.instant();
        List<Incident> incidents = service.find(IncidentFilter.all().visibleAs(visibility), 0, MAX_INCIDENTS); // newest first
        UserNames people = SlackHtml.memoize(names);
        StringBuilder body = new StringBuilder(32_768);
        body.append("<h1>Insights</h1>\n");
        if (incidents.isEmpty()) {
            body.append("<p class=\"muted\">No incidents yet. Declare one in Slack with "
                    + "<code>/incident open &lt;title&gt;</code>; its response times will show here.</p>\n");
        } else {
            body.append("<p class=\"muted\">From the ").append(incidents.size())
                    .append(incidents.size() == 1 ? " incident" : " most recent incidents")
                    .append(", as of ").append(Formats.time(now, Formats.dateTime(now))).append(".</p>\n");
        }
        summary(incidents, body);
        for (Measure m : measures) {
            responseTime(m, incidents, body);
        }
        bySeverityPerMonth(incidents, now, body);
        actionItemsByOwner(people, now, hiddenIds(visibility), body);
        latest(incidents, people, body);
        return Reply.html(200, Layout.page("Insights", body.toString(), false));
    }

    private void summary(List<Incident> incidents, StringBuilder body) {
        body.append("<h2>Response times</h2>\n<div class=\"scroll\"><table class=\"summary\">\n<thead><tr>")
                .append("<th>Measure</th><th>Median</th><th>Within target</th><th>Incidents measured</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (Measure m : measures) {
            List<Duration> values = new ArrayList<>();
            int withTarget = 0;
            int met = 0;
            for (Incident i : incidents) {
                Optional<Duration> d = m.of().apply(Metrics.of(i));
                if (d.isEmpty()) {
                    continue;
                }
                values.add(d.get());
                Optional<Duration> target = m.target().apply(i);
                if (target.isPresent()) {
                    withTarget++;
                    if (Metrics.withinTarget(d.get(), target.get())) {
                        met++;
                    }
                }
            }
            body.append("<tr><th scope=\"row\">").append(m.code()).append(" · ").append(Html.esc(m.name()))
                    .append("</th><td>").append(values.isEmpty() ? "—" : Html.esc(Metrics.formatDuration(median(values))))
                    .append("</td><td>").append(withTarget == 0 ? "—" : met + " of " + withTarget + " ("
                            + Math.round(100.0 * met / withTarget) + "%)")
                    .append("</td><td>").append(values.size()).append("</td></tr>\n");
        }
        body.append("</tbody>\n</table></div>\n");
    }

    private static void responseTime(Measure m, List<Incident> incidents, StringBuilder body) {
        List<Charts.Point> points = new ArrayList<>();
        for (Incident i : incidents) {
            m.of().apply(Metrics.of(i)).ifPresent(d -> points.add(new Charts.Point(i.openedAt(), d, i.humanId())));
        }
        Duration target = m.code().equals("TTR") ? null : m.target().apply(null).orElse(null);
        String id = m.code().toLowerCase(java.util.Locale.ROOT);
        body.append("<section class=\"insight\" id=\"").append(id).append("\">\n<h2>").append(m.code()).append(" · ")
                .append(Html.esc(m.name())).append("</h2>\n<p class=\"muted\">").append(Html.esc(m.explanation()))
                .append(", per incident by the day it was opened (logarithmic scale); the line is the median of the last ")
                .append(Charts.TREND_WINDOW).append(" incidents.</p>\n<div class=\"scroll\">")
                .append(Charts.durations(m.code() + " per incident", points, target)).append("</div>\n</section>\n");
    }

    private static void bySeverityPerMonth(List<Incident> incidents, Instant now, StringBuilder body) {
        YearMonth last = YearMonth.from(now.atZone(ZoneOffset.UTC));
        YearMonth first = last.minusMonths(MONTHS - 1);
        List<String> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        Severity[] severities = Severity.values();
        int[][] counts = new int[months.size()][severities.length];
        for (Incident i : incidents) {
            YearMonth m = YearMonth.from(i.openedAt().atZone(ZoneOffset.UTC));
            if (!m.isBefore(first) && !m.isAfter(last)) {
                counts[(int) (m.getYear() * 12L + m.getMonthValue() - (first.getYear() * 12L + first.getMonthValue()))]
                        [i.severity().ordinal()]++;
            }
        }
        List<String> series = Arrays.stream(severities).map(Severity::name).toList();
        List<String> classes = Arrays.stream(severities).map(s -> "sev-" + s.name()).toList();
        body.append("<section class=\"insight\" id=\"severity\">\n<h2>Incidents by severity per month</h2>\n")
                .append("<p class=\"muted\">The last ").append(MONTHS).append(" months, by the month an incident was opened (UTC).</p>\n")
                .append("<div class=\"scroll\">")
                .append(Charts.stackedColumns("Incidents by severity per month", months, series, classes, counts))
                .append("</div>\n<div class=\"scroll\"><table class=\"by-month\">\n<thead><tr><th>Month</th>");
        for (Severity s : severities) {
            body.append("<th>").append(s.name()).append("</th>");
        }
        body.append("<th>Total</th></tr></thead>\n<tbody>\n");
        for (int m = months.size() - 1; m >= 0; m--) {
            int total = Arrays.stream(counts[m]).sum();
            if (total == 0) {
                continue;
            }
            body.append("<tr><td>").append(months.get(m)).append("</td>");
            for (int c : counts[m]) {
                body.append("<td>").append(c).append("</td>");
            }
            body.append("<td>").append(total).append("</td></tr>\n");
        }
        body.append("</tbody>\n</table></div>\n</section>\n");
    }

    /** Private incidents the reader may not see (none for an admin). */
    private Set<Long> hiddenIds(IncidentFilter.Visibility visibility) {
        if (visibility.everyPrivateIncident()) {
            return Set.of();
        }
        return service.privateIncidents().stream().filter(i -> !visibility.shows(i)).map(Incident::id)
                .collect(Collectors.toSet());
    }

    private void actionItemsByOwner(UserNames people, Instant now, Set<Long> hidden, StringBuilder body) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<String, int[]> byOwner = new LinkedHashMap<>(); // owner → {overdue, not overdue}
        for (ActionItem item : service.openActions()) {
            if (hidden.contains(item.incidentId())) {
                continue;
            }
            int[] c = byOwner.computeIfAbsent(item.ownerId() == null ? "" : item.ownerId(), k -> new int[2]);
            c[item.isOverdue(today) ? 0 : 1]++;
        }
        List<Map.Entry<String, int[]>> rows = new ArrayList<>(byOwner.entrySet());
        rows.sort(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -(e.getValue()[0] + e.getValue()[1]))
                .thenComparing(e -> -e.getValue()[0]));
        List<String> labels = new ArrayList<>();
        List<Map.Entry<String, int[]>> shown = rows.subList(0, Math.min(MAX_OWNERS, rows.size()));
        int[] overdue = new int[shown.size()];
        int[] open = new int[shown.size()];
        for (int i = 0; i < shown.size(); i++) {
            String owner = shown.get(i).getKey();
            labels.add(owner.isEmpty() ? NO_OWNER : people.displayName(owner));
            overdue[i] = shown.get(i).getValue()[0];
            open[i] = shown.get(i).getValue()[1];
        }
        body.append("<section class=\"insight\" id=\"actions\">\n<h2>Open action items by owner</h2>\n")
                .append("<p class=\"muted\">Action items not done yet, of every incident")
                .append(rows.size() > MAX_OWNERS ? "; the " + MAX_OWNERS + " owners with the most" : "")
                .append(". Overdue: past their due date.</p>\n<div class=\"scroll\">")
                .append(Charts.splitBars("Open action items by owner", labels, overdue, open, "overdue", "not yet due"))
                .append("</div>\n");
        if (!shown.isEmpty()) {
            body.append("<div class=\"scroll\"><table class=\"owners\">\n<thead><tr><th>Owner</th><th>Open</th>")
                    .append("<th>Overdue</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < shown.size(); i++) {
                body.append("<tr><td>").append(Html.esc(labels.get(i))).append("</td><td>").append(overdue[i] + open[i])
                        .append("</td><td>").append(overdue[i]).append("</td></tr>\n");
            }
            body.append("</tbody>\n</table></div>\n");
        }
        body.append("</section>\n");
    }

    private static void latest(List<Incident> incidents, UserNames people, StringBuilder body) {
        if (incidents.isEmpty()) {
            return;
        }
        body.append("<section class=\"insight\" id=\"latest\">\n<h2>Per incident</h2>\n<p class=\"muted\">The latest ")
                .append(Math.min(LATEST_ROWS, incidents.size())).append(".</p>\n<div class=\"scroll\"><table class=\"latest\">\n")
                .append("<thead><tr><th>ID</th><th>Title</th><th>Severity</th><th>Opened</th><th>TTD</th><th>TTM</th>")
                .append("<th>TTR</th></tr></thead>\n<tbody>\n");
        for (Incident i : incidents.subList(0, Math.min(LATEST_ROWS, incidents.size()))) {
            Metrics m = Metrics.of(i);
            String href = "/incidents/" + i.id();
            body.append("<tr><td class=\"nowrap\"><a href=\"").append(href).append("\">").append(Html.esc(i.humanId()))
                    .append("</a></td><td class=\"title\">").append(Html.esc(SlackHtml.plain(i.title(), people)))
                    .append("</td><td><span class=\"badge sev-").append(i.severity().name()).append("\">")
                    .append(i.severity().name()).append("</span></td><td class=\"nowrap\">")
                    .append(Formats.time(i.openedAt(), Formats.dateTime(i.openedAt()))).append("</td>");
            for (Optional<Duration> d : List.of(m.ttd(), m.ttm(), m.ttr())) {
                body.append("<td class=\"nowrap\">").append(Html.esc(d.map(Metrics::formatDuration).orElse("—")))
                        .append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table></div>\n</section>\n");
    }

    static Duration median(List<Duration> values) {
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }
}
