package io.cairn.samples.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlException;
import io.cairn.api.SqlRow;
import io.cairn.samples.tenants.SchemaMigrations.Migration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs whatever migrations this build bundles (version 1 in tenants.jar, 1 and 2 in
 * tenants-v2.jar, which reuses these tests) against a real SQLite.
 */
class SchemaMigrationsTest {

    private final SqliteStorage storage = new SqliteStorage();
    private final List<Migration> bundled = SchemaMigrations.bundled();

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    @Test
    void bundledMigrationsAreNumberedFromOneWithoutGaps() {
        assertThat(bundled).isNotEmpty();
        for (int i = 0; i < bundled.size(); i++) {
            assertThat(bundled.get(i).version()).isEqualTo(i + 1);
        }
    }

    @Test
    void anEmptyDatabaseReachesTheNewestVersionOnce() {
        int newest = bundled.size();

        assertThat(SchemaMigrations.migrate(storage, bundled)).isEqualTo(newest);
        assertThat(SchemaMigrations.migrate(storage, bundled)).isEqualTo(newest);
        assertThat(storage.sql().exec("SELECT count(*) AS n FROM schema_migrations").one().getLong("n")).isEqualTo(newest);
    }

    @Test
    void everyNoteFieldIsIndexedForSearch() {
        SchemaMigrations.migrate(storage, bundled);
        NoteStore notes = NoteStore.open(storage.sql());

        List<String> fields = notes.fields().stream().map(NoteField::name).toList();
        List<String> indexed = new ArrayList<>();
        for (SqlRow column : storage.sql().exec("PRAGMA table_info(notes_fts)")) {
            indexed.add(column.getString("name"));
        }

        assertThat(indexed).containsExactlyElementsOf(fields);
        assertThat(fields).startsWith("title", "body");
    }

    @Test
    void upgradingOneVersionAtATimeKeepsEveryNoteSearchable() {
        for (int version = 1; version <= bundled.size(); version++) {
            SchemaMigrations.migrate(storage, bundled.subList(0, version));
            NoteStore notes = NoteStore.open(storage.sql());
            notes.create(new NoteInput(Map.of("title", "written at version" + version, "body", "marker" + version)));
        }

        NoteStore notes = NoteStore.open(storage.sql());
        for (int version = 1; version <= bundled.size(); version++) {
            assertThat(notes.search(FtsQuery.fromWords("marker" + version).orElseThrow(), 10))
                    .singleElement()
                    .satisfies(note -> assertThat(note).containsKey("title"));
        }
        storage.sql().exec("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)");
    }

    @Test
    void aFailingMigrationLeavesTheDatabaseAtThePreviousVersion() {
        List<Migration> withBrokenNext = new ArrayList<>(bundled);
        withBrokenNext.add(new Migration(bundled.size() + 1, "CREATE TABLE half_done (x); SELECT no_such_column FROM notes"));

        assertThatThrownBy(() -> SchemaMigrations.migrate(storage, withBrokenNext)).isInstanceOf(SqlException.class);

        assertThat(SchemaMigrations.migrate(storage, List.of())).isEqualTo(bundled.size());
        assertThat(storage.sql().exec("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'").one().getLong("n"))
                .isZero();
    }

    @Test
    void aDatabaseNewerThanTheJarIsLeftAsItIs() {
        SchemaMigrations.migrate(storage, bundled);

        assertThat(SchemaMigrations.migrate(storage, bundled.subList(0, 1))).isEqualTo(bundled.size());
    }
}
