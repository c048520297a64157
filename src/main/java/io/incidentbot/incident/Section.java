package io.incidentbot.incident;

import java.util.Locale;
import java.util.Optional;

/** Postmortem sections people fill in with {@code /incident set}. */
public enum Section {
    SUMMARY("summary"), IMPACT("impact"), ROOT_CAUSE("root cause");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public static Optional<Section> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "summary" -> Optional.of(SUMMARY);
            case "impact" -> Optional.of(IMPACT);
            case "rootcause", "cause", "root" -> Optional.of(ROOT_CAUSE);
            default -> Optional.empty();
        };
    }
}
