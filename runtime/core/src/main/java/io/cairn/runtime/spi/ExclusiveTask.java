package io.cairn.runtime.spi;

import java.nio.file.Path;

/**
 * Work on an object's database file while the object is not live: queued like an event, so
 * events before it finish first and events after it see what it left. Runs on the object's thread.
 */
@FunctionalInterface
public interface ExclusiveTask<T> {

    /** @param dbFile the object's database file (closed; it may not exist yet) */
    T run(Path dbFile) throws Exception;
}
