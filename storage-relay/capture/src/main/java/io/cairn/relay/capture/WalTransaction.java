package io.cairn.relay.capture;

import java.util.List;

/**
 * One committed transaction read from the WAL.
 *
 * @param pageSize    database page size in bytes
 * @param dbSizePages database size in pages after the commit (from the commit frame); pages beyond it
 *                    no longer exist
 * @param pages       the pages written, one image per page (the last frame of a page in the
 *                    transaction wins), sorted by page number
 * @param end         WAL position just after the commit frame
 */
public record WalTransaction(int pageSize, int dbSizePages, List<PageImage> pages, WalPosition end) {

    public WalTransaction {
        pages = List.copyOf(pages);
        Pages.validate(pageSize, dbSizePages, pages);
    }
}
