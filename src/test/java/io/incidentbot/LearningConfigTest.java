package io.incidentbot;

import io.incidentbot.Config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningConfigTest {

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("SLACK_BOT_TOKEN", "xoxb-1234-5678-abcdef");
        m.put("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void defaults() {
        LearningConfig l = Config.fromMap(env()).learning();
        assertNull(l.shareChannel());
        assertEquals(7, l.archiveAfterDays());
        assertEquals(6, l.reviewAfterMonths());
        assertEquals(List.of("db", "network", "deploy", "config", "capacity", "dependency", "security", "other"), l.tags());
    }

    @Test
    void settings() {
        LearningConfig l = Config.fromMap(env("POSTMORTEM_SHARE_CHANNEL", " #postmortems ", "ARCHIVE_AFTER_DAYS", "0",
                "REVIEW_AFTER_MONTHS", "3", "INCIDENT_TAGS", "DB, payments  db,third-party")).learning();
        assertEquals("#postmortems", l.shareChannel());
        assertEquals(0, l.archiveAfterDays());
        assertEquals(3, l.reviewAfterMonths());
        assertEquals(List.of("db", "payments", "third-party"), l.tags());
    }

    @Test
    void mistakesSayWhatToWrite() {
        String days = assertThrows(ConfigException.class, () -> Config.fromMap(env("ARCHIVE_AFTER_DAYS", "a week"))).getMessage();
        assertTrue(days.contains("ARCHIVE_AFTER_DAYS must be a whole number") && days.contains("0 keeps it open"), days);
        String months = assertThrows(ConfigException.class, () -> Config.fromMap(env("REVIEW_AFTER_MONTHS", "-1"))).getMessage();
        assertTrue(months.contains("REVIEW_AFTER_MONTHS"), months);
        String tags = assertThrows(ConfigException.class, () -> Config.fromMap(env("INCIDENT_TAGS", "db,web frontend!"))).getMessage();
        assertTrue(tags.contains("INCIDENT_TAGS") && tags.contains("frontend!"), tags);
    }
}
