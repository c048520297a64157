package io.incidentbot.postmortem;

import java.time.LocalDate;

/**
 * A follow-up read from the conversation: what (plain text), its owner (a user id: the person
 * mentioned, else the speaker; null for a bot), a due date when one was stated, and the ticket key
 * or issue URL it already has ({@code reference}, so no second ticket is filed for it).
 */
public record SuggestedAction(String what, String ownerId, LocalDate due, String reference, Source source) {

    SuggestedAction withReference(String ref) {
        return new SuggestedAction(what, ownerId, due, ref, source);
    }
}
