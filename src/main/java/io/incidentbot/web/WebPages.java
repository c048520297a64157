package io.incidentbot.web;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.web.HttpServer.Exchange;
import io.incidentbot.web.HttpServer.Reply;
import io.incidentbot.web.HttpServer.Route;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-only pages, as routes for {@link HttpServer}:
 * <ul>
 *   <li>{@code GET /} — incidents, filterable and paginated</li>
 *   <li>{@code GET /incidents/{id}} — the timeline</li>
 *   <li>{@code GET /incidents/{id}/postmortem} and {@code …/postmortem.md} — the draft</li>
 *   <li>{@code GET /insights} — response times and their trend, incidents per month, open action items</li>
 * </ul>
 * Off unless {@code WEB_ACCESS_TOKEN} is set; then every request needs the token (see {@link WebAccess}).
 */
public final class WebPages {
    static final String PAGES_OFF = "The web pages are off. To turn them on, set WEB_ACCESS_TOKEN (at least 16 "
            + "characters, e.g. the output of `openssl rand -hex 32`) in the bot's environment or .env and restart; "
            + "then open /?token=<that token> once.\n";
    private static final Pattern INCIDENT_PATH = Pattern.compile("/incidents/([^/]+)(/postmortem|/postmortem\\.md)?");
    private static final Pattern ID = Pattern.compile("(?i)(?:INC-)?([0-9]{1,10})");

    private final WebAccess access;
    private final IncidentService service;
    private final IncidentListPage list;
    private final TimelinePage timeline;
    private final PostmortemPage postmortem;
    private final InsightsPage insights;

    private WebPages(WebAccess access, IncidentService service, UserNames names, PostmortemDrafter drafter,
                     TtrTargets ttrTargets, Clock clock) {
        this.access = access;
        this.service = service;
        this.list = new IncidentListPage(service, names, clock);
        this.timeline = new TimelinePage(service, names, clock);
        this.postmortem = new PostmortemPage(service, drafter);
        this.insights = new InsightsPage(service, names, ttrTargets, clock);
    }

    /**
     * The routes to merge into the server's map. Without an access token the pages are off: their
     * addresses answer 404 with a line saying how to turn them on.
     */
    public static Map<String, Route> routes(String accessToken, IncidentService service, UserNames names,
                                            PostmortemDrafter drafter, Clock clock) {
        return routes(accessToken, service, names, drafter, TtrTargets.defaults(), clock);
    }

    /** With the TTR targets the insights page measures against ({@code TTR_TARGETS}). */
    public static Map<String, Route> routes(String accessToken, IncidentService service, UserNames names,
                                            PostmortemDrafter drafter, TtrTargets ttrTargets, Clock clock) {
        if (accessToken == null || accessToken.isBlank()) {
            Route off = ex -> Reply.text(404, PAGES_OFF).withDefaultHeaders(Layout.SECURITY_HEADERS);
            return Map.of("GET /", off, "GET /incidents/*", off, "GET /insights", off);
        }
        WebPages pages = new WebPages(new WebAccess(accessToken), service, names, drafter, ttrTargets, clock);
        return Map.of("GET /", pages.guarded(pages.list::render),
                "GET /incidents/*", pages.guarded(pages::incident),
                "GET /insights", pages.guarded(pages.insights::render));
    }

    /** Checks access first, then adds the security headers to whatever the page answers. */
    private Route guarded(Route page) {
        return ex -> {
            Optional<Reply> refused = access.check(ex);
            Reply reply = refused.isPresent() ? refused.get() : page.handle(ex);
            return reply.withDefaultHeaders(Layout.SECURITY_HEADERS);
        };
    }

    private Reply incident(Exchange ex) {
        Matcher m = INCIDENT_PATH.matcher(ex.path());
        if (!m.matches()) {
            return notFound("There is no page at this address.");
        }
        Optional<Incident> incident = parseId(m.group(1)).flatMap(service::find);
        if (incident.isEmpty()) {
            return notFound("There is no incident " + m.group(1) + ".");
        }
        String sub = m.group(2);
        if (sub == null) {
            return timeline.render(incident.get(), ex);
        }
        return sub.equals("/postmortem") ? postmortem.html(incident.get()) : postmortem.markdown(incident.get());
    }

    /** 1 … 2^31-1 ("INC-7" too); anything else is no incident. */
    static Optional<Long> parseId(String text) {
        Matcher m = ID.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(m.group(1));
        return id >= 1 && id <= Integer.MAX_VALUE ? Optional.of(id) : Optional.empty();
    }

    static Reply notFound(String message) {
        String body = "<h1>Not found</h1>\n<p>" + Html.esc(message) + "</p>\n<p><a href=\"/\">All incidents</a></p>\n";
        return Reply.html(404, Layout.page("Not found", body, false));
    }
}
