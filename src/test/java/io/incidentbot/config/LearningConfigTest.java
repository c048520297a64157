package io.incidentbot.config;

import io.incidentbot.config.Config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.incidentbot.config.ConfigEnv.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningConfigTest {

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
