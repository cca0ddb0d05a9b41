package io.cairn.relay.capture;

import java.util.Arrays;
import java.util.Objects;

/**
 * The full content of one database page after a commit.
 *
 * <p>The array is not copied (pages are large and travel through several stages); nobody may modify
 * it after construction. Equality compares the bytes, so records holding pages compare by content.
 *
 * @param pageNumber 1-based page number (page 1 holds the database header)
 * @param data       exactly one page of bytes
 */
public record PageImage(int pageNumber, byte[] data) {

    public PageImage {
        if (pageNumber < 1) {
            throw new IllegalArgumentException("page numbers start at 1: " + pageNumber);
        }
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageImage p && p.pageNumber == pageNumber && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * pageNumber + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PageImage[page " + pageNumber + ", " + data.length + " bytes]";
    }
}
