package io.cairn.relay;

import java.time.Instant;

/** What a restore goes back to: a moment or a bookmark. */
sealed interface RestoreTarget {

    record At(Instant time) implements RestoreTarget {
    }

    record Bookmark(String bookmark) implements RestoreTarget {
    }
}
