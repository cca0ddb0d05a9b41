package io.cairn.relay.capture;

import java.util.List;

/** Shared invariants of page lists, checked wherever pages enter a record so bad data fails early. */
final class Pages {

    static final int MIN_PAGE_SIZE = 512;
    static final int MAX_PAGE_SIZE = 65536;

    private Pages() {
    }

    static boolean validPageSize(long pageSize) {
        return pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE && (pageSize & (pageSize - 1)) == 0;
    }

    /** Page size valid, every page exactly one page long, page numbers strictly increasing. */
    static void validate(int pageSize, int dbSizePages, List<PageImage> pages) {
        if (!validPageSize(pageSize)) {
            throw new IllegalArgumentException("invalid page size " + pageSize);
        }
        if (dbSizePages < 1) {
            throw new IllegalArgumentException("database size must be at least one page: " + dbSizePages);
        }
        int previous = 0;
        for (PageImage p : pages) {
            if (p.data().length != pageSize) {
                throw new IllegalArgumentException("page " + p.pageNumber() + " has " + p.data().length
                        + " bytes, page size is " + pageSize);
            }
            if (p.pageNumber() <= previous) {
                throw new IllegalArgumentException("pages must be sorted and unique: " + p.pageNumber()
                        + " after " + previous);
            }
            previous = p.pageNumber();
        }
    }
}
