package io.cairn.api;

import java.util.Iterator;
import java.util.List;

/**
 * The result of {@link SqlStorage#exec}: rows of the last statement. Rows are read lazily as
 * the cursor is iterated; a cursor is only valid during the event that made it.
 *
 * <p>A cursor is consumed once: iterating it, {@link #toList()}, {@link #one()} and
 * {@link #raw()} all draw from the same remaining rows.
 */
public interface SqlCursor extends Iterable<SqlRow> {

    /** Column names of the result, in order; duplicates are kept. */
    List<String> columnNames();

    /** The remaining rows. */
    List<SqlRow> toList();

    /**
     * The only row. Throws {@link SqlException} when the statement returned no row or more than one.
     */
    SqlRow one();

    /** The remaining rows as value lists, one value per column (duplicate column names kept). */
    Iterator<List<Object>> raw();

    /** Rows read so far by this cursor's statements: rows returned so far plus rows written. */
    long rowsRead();

    /** Rows inserted, updated or deleted by this cursor's statements. */
    long rowsWritten();
}
