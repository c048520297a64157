package io.incidentbot.store;

import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How Flyway is set up, on migrations made for the test (the real ones: MigrationFoldersTest). */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void aMigrationThatLandsAfterAHigherOneIsStillApplied() throws Exception {
        // two branches took V9 and V10; V10 landed (and ran) first
        Path folder = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(folder.resolve("V1__init.sql"), "CREATE TABLE a (x INTEGER);\n");
        Files.writeString(folder.resolve("V10__alerts.sql"), "CREATE TABLE c (z INTEGER);\n");
        TestDatabases.TestDb db = TestDatabases.sqlite(dir);
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(db.url());
        String location = "filesystem:" + folder;
        assertEquals(new Migrations.Outcome(2, OptionalInt.empty(), "10"),
                Migrations.apply(Database.Vendor.SQLITE, ds, location));

        Files.writeString(folder.resolve("V9__suggestions.sql"), "-- a comment; with a semicolon\nCREATE TABLE b (y TEXT);\n");
        assertEquals(1, Migrations.apply(Database.Vendor.SQLITE, ds, location).applied());
        assertEquals(List.of("1", "10", "9"), db.query("SELECT version FROM flyway_schema_history ORDER BY installed_rank"));
        assertEquals(List.of(), db.query("SELECT y FROM b"));
        assertEquals(0, Migrations.apply(Database.Vendor.SQLITE, ds, location).applied());
    }
}
