package io.cairn.runtime.sqlite;

import java.time.Duration;

/**
 * Per-object SQLite settings.
 *
 * @param maxDatabaseBytes largest size the database file may grow to (enforced as
 *     {@code PRAGMA max_page_count})
 * @param walAutocheckpointPages SQLite's automatic checkpoint threshold in WAL pages; 0 turns automatic
 *     checkpoints off so the runtime can checkpoint on its own schedule
 * @param foreignKeys whether foreign key constraints are enforced
 * @param busyTimeout how long to wait for a lock held by another connection (operator tooling)
 */
public record SqliteOptions(long maxDatabaseBytes, int walAutocheckpointPages, boolean foreignKeys, Duration busyTimeout) {

    /** 10 GB, the per-object limit of the platform. */
    public static final long DEFAULT_MAX_DATABASE_BYTES = 10L * 1024 * 1024 * 1024;

    /** Smallest accepted size: room for SQLite's header page and the runtime's own tables. */
    public static final long MIN_DATABASE_BYTES = 64 * 1024;

    public SqliteOptions {
        if (maxDatabaseBytes < MIN_DATABASE_BYTES) {
            throw new IllegalArgumentException("maxDatabaseBytes must be at least " + MIN_DATABASE_BYTES
                    + " bytes (64 KiB), got " + maxDatabaseBytes);
        }
        if (walAutocheckpointPages < 0) {
            throw new IllegalArgumentException("walAutocheckpointPages must be 0 (automatic checkpoints off) or positive, got "
                    + walAutocheckpointPages);
        }
        if (busyTimeout == null) {
            throw new IllegalArgumentException("busyTimeout must not be null; use Duration.ZERO to fail at once on a lock");
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, got " + busyTimeout);
        }
    }

    /** 10 GB, checkpoint every 1000 pages, foreign keys on, 5 s busy timeout. */
    public static SqliteOptions defaults() {
        return new SqliteOptions(DEFAULT_MAX_DATABASE_BYTES, 1000, true, Duration.ofSeconds(5));
    }

    public SqliteOptions withMaxDatabaseBytes(long bytes) {
        return new SqliteOptions(bytes, walAutocheckpointPages, foreignKeys, busyTimeout);
    }

    public SqliteOptions withWalAutocheckpointPages(int pages) {
        return new SqliteOptions(maxDatabaseBytes, pages, foreignKeys, busyTimeout);
    }

    public SqliteOptions withForeignKeys(boolean enforce) {
        return new SqliteOptions(maxDatabaseBytes, walAutocheckpointPages, enforce, busyTimeout);
    }

    public SqliteOptions withBusyTimeout(Duration timeout) {
        return new SqliteOptions(maxDatabaseBytes, walAutocheckpointPages, foreignKeys, timeout);
    }
}
