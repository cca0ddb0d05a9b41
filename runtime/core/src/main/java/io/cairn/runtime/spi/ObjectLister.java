package io.cairn.runtime.spi;

import java.util.List;

/** Lists object names of a namespace in name order ({@code GET /admin/v1/namespaces/{ns}/objects}); a cluster lists every node's. */
@FunctionalInterface
public interface ObjectLister {

    /** Names after {@code after} (exclusive, may be null) starting with {@code prefix} (may be null), at most {@code limit}. */
    List<String> list(String namespace, String prefix, String after, int limit);
}
