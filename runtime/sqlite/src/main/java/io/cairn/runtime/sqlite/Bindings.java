package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Checks and binds the values given to {@code exec}. */
final class Bindings {

    static final Object[] NONE = new Object[0];
    private static final String SUPPORTED = "null, String, Long, Integer, Short, Byte, Double, Float, Boolean or byte[]";

    private Bindings() {
    }

    /** Refuses unsupported types before any statement of the query runs. */
    static void checkTypes(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (!(v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Short
                    || v instanceof Byte || v instanceof Double || v instanceof Float || v instanceof Boolean
                    || v instanceof byte[])) {
                throw new SqlException(SqlException.Reason.BINDING, "binding " + (i + 1) + " has unsupported type "
                        + v.getClass().getName() + "; use " + SUPPORTED + " (convert other values, e.g. to a String)");
            }
        }
    }

    static void checkCount(int parameters, int bindings) {
        if (parameters != bindings) {
            throw new SqlException(SqlException.Reason.BINDING, "statement has " + plural(parameters, "parameter") + " but "
                    + plural(bindings, "binding") + (bindings == 1 ? " was" : " were") + " given");
        }
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static void bind(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            int position = i + 1;
            switch (values[i]) {
                case null -> ps.setNull(position, Types.NULL);
                case String s -> ps.setString(position, s);
                case Long l -> ps.setLong(position, l);
                case Integer n -> ps.setLong(position, n);
                case Short n -> ps.setLong(position, n);
                case Byte n -> ps.setLong(position, n);
                case Double d -> ps.setDouble(position, d);
                // The decimal value the caller wrote (0.1f binds as 0.1, not 0.10000000149011612).
                case Float f -> ps.setDouble(position, Double.parseDouble(Float.toString(f)));
                case Boolean b -> ps.setLong(position, b ? 1L : 0L);
                case byte[] bytes -> ps.setBytes(position, bytes);
                default -> throw new IllegalStateException("binding types are checked before binding");
            }
        }
    }
}
