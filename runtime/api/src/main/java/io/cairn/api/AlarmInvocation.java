package io.cairn.api;

import java.time.Instant;

/**
 * Details of one alarm delivery.
 *
 * @param scheduledTime the time the alarm was set for
 * @param retryCount 0 on the first delivery, then 1..6 for retries after a throw
 */
public record AlarmInvocation(Instant scheduledTime, int retryCount) {

    public boolean isRetry() {
        return retryCount > 0;
    }
}
