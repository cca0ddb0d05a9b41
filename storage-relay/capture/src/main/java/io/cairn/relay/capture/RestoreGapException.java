package io.cairn.relay.capture;

/**
 * The history cannot produce the requested txid: a txid range is missing (no snapshot before it, no
 * segment for it, or a segment that does not hold what its name says), or covered twice.
 */
public final class RestoreGapException extends Exception {

    private final long missingFrom;
    private final long missingTo;

    public RestoreGapException(String message, long missingFrom, long missingTo) {
        super(message);
        this.missingFrom = missingFrom;
        this.missingTo = missingTo;
    }

    /** First txid of the range that cannot be restored. */
    public long missingFrom() {
        return missingFrom;
    }

    /** Last txid of the range that cannot be restored (inclusive). */
    public long missingTo() {
        return missingTo;
    }
}
