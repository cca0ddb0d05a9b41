package io.cairn.runtime.sqlite;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a committed event did.
 *
 * @param wrote true when the event may have changed the database; the runtime waits for durability
 *     only then, so this is never false for an event that wrote (it may be true for one that did not)
 * @param alarmChanged true when the event called {@code setAlarm} or {@code deleteAlarm} (or
 *     {@code deleteAll}) outside a rolled-back nested transaction, even if the time ended up the same:
 *     the runtime must reschedule
 * @param alarm the alarm as committed by this event
 */
public record EventOutcome(boolean wrote, boolean alarmChanged, Optional<Instant> alarm) {

    public EventOutcome {
        Objects.requireNonNull(alarm, "alarm");
    }
}
