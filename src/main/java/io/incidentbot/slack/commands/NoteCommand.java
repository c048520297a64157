package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Times;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code /incident note [HH:MM | YYYY-MM-DD HH:MM] <text>}: a manual timeline entry, backdated when a time is given. */
public final class NoteCommand extends InIncidentCommand {
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public NoteCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "note";
    }

    @Override
    public String syntax() {
        return "note [HH:MM] <text>";
    }

    @Override
    public String description() {
        return "add a timeline entry; with a UTC time it is backdated (e.g. `note 14:10 impact started`)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Instant now = clock.instant();
        Instant at = now;
        String text = args;
        var time = Times.leading(args, now);
        if (time.isPresent()) {
            at = time.get().at();
            text = time.get().rest();
        }
        if (text.isBlank()) {
            return ":warning: What should the note say? e.g. `/incident note 14:10 error rate started climbing`.";
        }
        service.addNote(incident, inv.userId(), at, text);
        return ":memo: Added to *" + incident.humanId() + "*'s timeline at " + SHOWN.format(at) + ".";
    }
}
