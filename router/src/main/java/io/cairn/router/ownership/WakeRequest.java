package io.cairn.router.ownership;

import io.cairn.api.ObjectId;

/** Sent to a new owner of an object that has an alarm: open it so the alarm is scheduled there. */
final class WakeRequest extends OnHolder implements Runnable {

    WakeRequest(ObjectId id) {
        super(id);
    }

    @Override
    public void run() {
        Handoff handoff = handoff();
        if (handoff != null) {
            handoff.wakeLocal(object());
        }
    }
}
