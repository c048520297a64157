package io.incidentbot.importer;

import io.incidentbot.postmortem.UserNames;

import java.util.Map;

/** Display names from an export's {@code users.json}: nobody is looked up in Slack. */
public final class ExportUserNames implements UserNames {
    private final Map<String, String> names;

    public ExportUserNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    @Override
    public String displayName(String userId) {
        if (userId == null) {
            return "";
        }
        String name = names.get(userId);
        return name == null || name.isBlank() ? userId : name;
    }
}
