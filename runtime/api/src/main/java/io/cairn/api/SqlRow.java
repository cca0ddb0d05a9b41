package io.cairn.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result row: values by column index and by name. Values are {@code null}, {@link Long},
 * {@link Double}, {@link String} or {@code byte[]}. When two columns share a name, lookup by
 * name returns the last of them (use {@link SqlCursor#raw()} to see both).
 */
public final class SqlRow {

    private final List<String> columns;
    private final List<Object> values;

    public SqlRow(List<String> columns, List<Object> values) {
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
        this.columns = List.copyOf(columns);
        this.values = Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    public int size() {
        return values.size();
    }

    public Object get(int index) {
        return values.get(index);
    }

    public Object get(String column) {
        return values.get(indexOf(column));
    }

    public Long getLong(String column) {
        Object v = get(column);
        return v == null ? null : ((Number) v).longValue();
    }

    public Double getDouble(String column) {
        Object v = get(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
    }

    public byte[] getBytes(String column) {
        Object v = get(column);
        return v == null ? null : v instanceof byte[] b ? b : v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The values in column order. */
    public List<Object> values() {
        return values;
    }

    public List<String> columnNames() {
        return columns;
    }

    /** Column → value; a later duplicate column name wins. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i), values.get(i));
        }
        return m;
    }

    private int indexOf(String column) {
        for (int i = columns.size() - 1; i >= 0; i--) {
            if (columns.get(i).equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + column + "' in this row; columns are " + columns);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
