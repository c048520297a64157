package io.incidentbot.web;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.UserNames;
import io.incidentbot.http.HttpServer.Reply;

/**
 * {@code GET /incidents/{id}/postmortem} (the draft as HTML) and {@code …/postmortem.md} (the
 * Markdown as a download). The latest stored draft when there is one (written when the incident
 * is resolved); until then a live draft from the timeline as it is now.
 */
final class PostmortemPage {
    private final IncidentService service;
    private final PostmortemDrafter drafter;

    PostmortemPage(IncidentService service, PostmortemDrafter drafter) {
        this.service = service;
        this.drafter = drafter;
    }

    record Draft(String markdown, boolean stored) {
    }

    Draft draft(Incident incident) {
        return service.latestDraft(incident)
                .map(md -> new Draft(md, true))
                .orElseGet(() -> new Draft(drafter.draft(incident), false));
    }

    Reply html(Incident incident) {
        Draft draft = draft(incident);
        String base = "/incidents/" + incident.id();
        StringBuilder body = new StringBuilder(draft.markdown().length() * 2 + 1024);
        body.append("<p class=\"links\"><a href=\"").append(base).append("\">← ")
                .append(Html.esc(incident.humanId())).append(" timeline</a>")
                .append("<a href=\"").append(base).append("/postmortem.md\" download>Download Markdown</a></p>\n");
        body.append("<p class=\"note\">").append(draft.stored()
                ? "The latest stored postmortem draft."
                : "No draft is stored yet (one is written when the incident is resolved): this is a live draft "
                        + "from the timeline as it is now.").append("</p>\n");
        body.append("<article class=\"md\">\n").append(SafeMarkdown.toHtml(draft.markdown())).append("</article>\n");
        return Reply.html(200, Layout.page(incident.humanId() + " postmortem", body.toString(), false));
    }

    Reply markdown(Incident incident) {
        String fileName = incident.humanId() + "-postmortem.md"; // INC-<number>: nothing to quote
        return new Reply(200, "text/markdown; charset=utf-8", draft(incident).markdown())
                .withHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
