package io.cairn.relay.capture;

/** Progress of a restore, called on the restoring thread. */
@FunctionalInterface
public interface RestoreProgress {

    RestoreProgress NONE = (done, total) -> {
    };

    /**
     * @param bytesDone  decompressed bytes read so far (snapshot and segments)
     * @param bytesTotal -1 while unknown ({@link History} does not report sizes); equal to
     *                   {@code bytesDone} in the final call
     */
    void progress(long bytesDone, long bytesTotal);
}
