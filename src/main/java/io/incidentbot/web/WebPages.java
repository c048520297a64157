package io.incidentbot.web;

import io.incidentbot.incident.SlackAccounts;
import io.incidentbot.http.HttpServer;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;
import io.incidentbot.http.HttpServer.Route;

import io.incidentbot.config.SignInConfig;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.web.WebAccess.Viewer;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * Off unless {@code WEB_ACCESS_TOKEN} is set or Sign in with Slack is configured; then every request
 * needs the token or a session (see {@link WebAccess}, {@link SignInWithSlack}). A private incident is
 * shown only to members of its channel, and to admins (the token): to anyone else it does not exist (404).
 */
public final class WebPages {
    static final String PAGES_OFF = "The web pages are off. To turn them on, set WEB_ACCESS_TOKEN (at least 16 "
            + "characters, e.g. the output of `openssl rand -hex 32`) in the bot's environment or .env and restart; "
            + "then open /?token=<that token> once. Or let people sign in with Slack: set SLACK_CLIENT_ID, "
            + "SLACK_CLIENT_SECRET and WEB_BASE_URL (see the README).\n";
    private static final Pattern INCIDENT_PATH = Pattern.compile("/incidents/([^/]+)(/postmortem|/postmortem\\.md)?");
    private static final Pattern ID = Pattern.compile("(?i)(?:INC-)?([0-9]{1,10})");

    private final WebAccess access;
    private final IncidentService service;
    private final IncidentListPage list;
    private final TimelinePage timeline;
    private final PostmortemPage postmortem;
    private final InsightsPage insights;
    /** Asks Slack who is in a private incident's channel; null when only the admin token can sign in. */
    private final SlackAccounts slack;

    private WebPages(WebAccess access, IncidentService service, UserNames names, PostmortemDrafter drafter,
                     TtrTargets ttrTargets, Clock clock, SlackAccounts slack) {
        this.access = access;
        this.service = service;
        this.slack = slack;
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
        return routes(accessToken, null, null, service, names, drafter, ttrTargets, clock);
    }

    /**
     * With Sign in with Slack when {@code signIn} is set ({@code slack} answers its questions); the
     * pages are on when there is an access token, sign-in, or both.
     */
    public static Map<String, Route> routes(String accessToken, SignInConfig signIn, SlackAccounts slack,
                                            IncidentService service, UserNames names, PostmortemDrafter drafter,
                                            TtrTargets ttrTargets, Clock clock) {
        String token = accessToken == null || accessToken.isBlank() ? null : accessToken;
        if (token == null && signIn == null) {
            Route off = ex -> Reply.text(404, PAGES_OFF).withDefaultHeaders(Layout.SECURITY_HEADERS);
            return Map.of("GET /", off, "GET /incidents/*", off, "GET /insights", off);
        }
        if (signIn != null && slack == null) {
            throw new IllegalArgumentException("Sign in with Slack needs Slack's Web API");
        }
        return routes(new WebAccess(token, signIn != null, WebAccess.SESSION_LIFETIME, WebAccess.MAX_SESSIONS), signIn,
                slack, service, names, drafter, ttrTargets, clock);
    }

    /**
     * The pages behind a one-time sign-in link, {@code /?token=<oneTimeToken>} (the demo's): the first
     * browser to open it gets an admin session; after that the token opens nothing.
     */
    public static Map<String, Route> routesWithOneTimeLink(String oneTimeToken, IncidentService service, UserNames names,
                                                           PostmortemDrafter drafter, TtrTargets ttrTargets, Clock clock) {
        return routes(new WebAccess(oneTimeToken, false, WebAccess.SESSION_LIFETIME, WebAccess.MAX_SESSIONS, true),
                null, null, service, names, drafter, ttrTargets, clock);
    }

    private static Map<String, Route> routes(WebAccess access, SignInConfig signIn, SlackAccounts slack,
                                             IncidentService service, UserNames names, PostmortemDrafter drafter,
                                             TtrTargets ttrTargets, Clock clock) {
        WebPages pages = new WebPages(access, service, names, drafter, ttrTargets, clock, slack);
        Map<String, Route> routes = new HashMap<>();
        routes.put("GET /", pages.guarded((ex, viewer) -> pages.list.render(ex, pages.visibility(viewer))));
        routes.put("GET /incidents/*", pages.guarded(pages::incident));
        routes.put("GET /insights", pages.guarded((ex, viewer) -> pages.insights.render(ex, pages.visibility(viewer))));
        if (signIn != null) {
            SignInWithSlack signInWithSlack = new SignInWithSlack(signIn, slack, access);
            routes.put("GET " + SignInWithSlack.START, withHeaders(signInWithSlack::start));
            routes.put("GET " + SignInWithSlack.CALLBACK, withHeaders(signInWithSlack::callback));
            routes.put("GET " + SignInWithSlack.SIGN_OUT, withHeaders(signInWithSlack::signOut));
        } else {
            routes.put("GET " + SignInWithSlack.SIGN_OUT, withHeaders(ex -> Reply.html(200, Layout.page("Signed out",
                    "<h1>Signed out</h1>\n<p>This browser no longer has access to the incident pages.</p>\n", false))
                    .withHeader("Set-Cookie", access.endSession(ex, WebAccess.secure(ex, false)))));
        }
        return Map.copyOf(routes);
    }

    /** A page for someone whose access is checked already. */
    @FunctionalInterface
    private interface Page {
        Reply render(Exchange ex, Viewer viewer) throws Exception;
    }

    /**
     * Checks access first, then adds the security headers to whatever the page answers (and, on HTML
     * pages, who is signed in with a sign-out link).
     */
    private Route guarded(Page page) {
        return ex -> {
            WebAccess.Checked checked = access.authenticate(ex);
            Reply reply = checked.refusal() != null ? checked.refusal()
                    : Layout.withAccount(page.render(ex, checked.viewer()), checked.viewer());
            return reply.withDefaultHeaders(Layout.SECURITY_HEADERS);
        };
    }

    private static Route withHeaders(Route route) {
        return ex -> route.handle(ex).withDefaultHeaders(Layout.SECURITY_HEADERS);
    }

    /** Which private incidents this reader may see: all for an admin, else those whose channel they are in. */
    IncidentFilter.Visibility visibility(Viewer viewer) {
        if (viewer.admin()) {
            return IncidentFilter.Visibility.EVERYTHING;
        }
        Set<Long> allowed = new HashSet<>();
        for (Incident i : service.privateIncidents()) {
            if (isMember(viewer, i)) {
                allowed.add(i.id());
            }
        }
        return IncidentFilter.Visibility.publicAnd(allowed);
    }

    private boolean canSee(Viewer viewer, Incident incident) {
        return viewer.admin() || !incident.isPrivate() || isMember(viewer, incident);
    }

    private boolean isMember(Viewer viewer, Incident incident) {
        return slack != null && viewer.slackUserId() != null && incident.channelId() != null
                && slack.isChannelMember(incident.channelId(), viewer.slackUserId());
    }

    private Reply incident(Exchange ex, Viewer viewer) {
        Matcher m = INCIDENT_PATH.matcher(ex.path());
        if (!m.matches()) {
            return notFound("There is no page at this address.");
        }
        // a private incident the reader may not see answers exactly like one that does not exist
        Optional<Incident> incident = parseId(m.group(1)).flatMap(service::find).filter(i -> canSee(viewer, i));
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
