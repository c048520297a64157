package io.incidentbot.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQLite's synchronous level: NORMAL by default, FULL on request, nothing else; group commit can be off (the settings are read in config/SqliteSettings). */
class DatabaseSynchronousTest {
    @TempDir
    Path dir;

    @Test
    void settingDefaultsToNormalAndAcceptsFullInAnyCase() {
        assertEquals("NORMAL", Database.synchronous(null));
        assertEquals("NORMAL", Database.synchronous(" "));
        assertEquals("NORMAL", Database.synchronous("normal"));
        assertEquals("FULL", Database.synchronous(" Full "));
    }

    @Test
    void otherLevelsAreRefusedWithTheVariableNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Database.synchronous("OFF"));
        assertTrue(e.getMessage().contains("SQLITE_SYNCHRONOUS"), e.getMessage());
    }

    @Test
    void theConnectionRunsAtTheChosenLevel() {
        // PRAGMA synchronous answers 1 for NORMAL and 2 for FULL
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("full.db"), "FULL")) {
            Object level = db.with(ctx -> ctx.fetchValue("PRAGMA synchronous"));
            assertEquals(2, ((Number) level).intValue());
        }
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("normal.db"), null)) {
            Object level = db.with(ctx -> ctx.fetchValue("PRAGMA synchronous"));
            assertEquals(1, ((Number) level).intValue());
            Object mode = db.with(ctx -> ctx.fetchValue("PRAGMA journal_mode"));
            assertEquals("wal", String.valueOf(mode));
        }
    }

    @Test
    void withGroupCommitOffEachWriteCommitsOnItsOwn() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("alone.db"), null, false)) {
            int one = db.groupCommitted(() -> db.with(ctx -> ctx.selectOne().fetchOne(0, Integer.class)));
            assertEquals(1, one);
            assertThrows(IllegalStateException.class, () -> db.groupCommitted(() -> {
                throw new IllegalStateException("refused");
            }));
            assertTrue(db.isHealthy());
        }
    }
}
