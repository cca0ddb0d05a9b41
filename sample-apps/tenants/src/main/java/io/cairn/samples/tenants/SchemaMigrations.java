package io.cairn.samples.tenants;

import io.cairn.api.SqlStorage;
import io.cairn.api.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a tenant's database up to the newest schema this JAR carries.
 *
 * <p>Migration N is the resource {@code migrations/N.sql} next to this class, numbered from 1
 * without gaps. A database records the migrations it has had in {@code schema_migrations}; on
 * activation every newer one runs, each in its own nested transaction together with its record,
 * so a failing migration leaves the database at the previous version and fails the activation
 * (the next request retries it). Released migrations are never edited: a change is a new number.
 */
final class SchemaMigrations {

    /** One numbered migration: SQL statements separated by {@code ;}. */
    record Migration(int version, String sql) {
    }

    private SchemaMigrations() {
    }

    /** The migrations bundled in this JAR, in order. */
    static List<Migration> bundled() {
        List<Migration> migrations = new ArrayList<>();
        for (int version = 1; ; version++) {
            String sql = resource("migrations/" + version + ".sql");
            if (sql == null) {
                return migrations;
            }
            migrations.add(new Migration(version, sql));
        }
    }

    /**
     * Applies the migrations newer than the database's version; returns the version it is at now.
     * A database already newer than this JAR (after rolling back a deployment) is left alone.
     */
    static int migrate(Storage storage, List<Migration> migrations) {
        SqlStorage sql = storage.sql();
        sql.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        int current = sql.exec("SELECT coalesce(max(version), 0) AS version FROM schema_migrations")
                .one().getLong("version").intValue();
        for (Migration migration : migrations) {
            if (migration.version() > current) {
                storage.transactionSync(() -> {
                    sql.exec(migration.sql());
                    sql.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                            migration.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                });
                current = migration.version();
            }
        }
        return current;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the app JAR", e);
        }
    }
}
