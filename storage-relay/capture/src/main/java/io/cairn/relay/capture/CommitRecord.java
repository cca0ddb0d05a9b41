package io.cairn.relay.capture;

import java.util.List;
import java.util.Objects;

/**
 * One captured transaction, numbered: the unit of the spool, of uploaded segments and of restore.
 *
 * @param txid             the object's transaction id; consecutive per object
 * @param commitTimeMillis commit time in epoch milliseconds, assigned by the caller (expected not to
 *                         decrease with txid: {@link Restorer#txidAt} relies on it)
 * @param pageSize         database page size
 * @param dbSizePages      database size in pages after the commit
 * @param pages            page images, sorted by page number, one per page
 * @param walEnd           WAL position just after the commit frame: where capture resumes after it
 */
public record CommitRecord(long txid, long commitTimeMillis, int pageSize, int dbSizePages, List<PageImage> pages,
                           WalPosition walEnd) {

    public CommitRecord {
        if (txid < 0) {
            throw new IllegalArgumentException("txid must not be negative: " + txid);
        }
        pages = List.copyOf(pages);
        Pages.validate(pageSize, dbSizePages, pages);
        Objects.requireNonNull(walEnd, "walEnd");
    }

    public static CommitRecord of(long txid, long commitTimeMillis, WalTransaction t) {
        return new CommitRecord(txid, commitTimeMillis, t.pageSize(), t.dbSizePages(), t.pages(), t.end());
    }

    /** Bytes of page data carried (pages × page size); the encoded record is slightly larger. */
    public long payloadBytes() {
        return (long) pages.size() * pageSize;
    }

    /** Exact size of this record in the {@link RecordCodec} format. */
    public long encodedBytes() {
        return RecordCodec.encodedSize(pages.size(), pageSize);
    }
}
