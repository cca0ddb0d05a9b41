package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PRAGMA allowlist. Only pragmas that inspect the schema, check integrity or are scoped to
 * the current transaction are allowed: settings that outlive the event (journal mode, synchronous,
 * case_sensitive_like, recursive_triggers, ...) would make an object behave differently before and
 * after a restart, and the file-level ones belong to the runtime.
 */
final class PragmaPolicy {

    private enum Access {
        /** Read only; any argument would be a write. */
        READ_ONLY,
        /** Takes an optional object name or number, and never writes. */
        INSPECT,
        /** May be read and set (the setting ends with the event's transaction). */
        READ_WRITE,
        /** Does work that may write (optimize runs ANALYZE). */
        ACTION,
        /** foreign_keys: read only, because SQLite ignores changes inside a transaction. */
        FOREIGN_KEYS
    }

    private static final Map<String, Access> ALLOWED = Map.ofEntries(
            Map.entry("data_version", Access.READ_ONLY),
            Map.entry("page_size", Access.READ_ONLY),
            Map.entry("page_count", Access.READ_ONLY),
            Map.entry("max_page_count", Access.READ_ONLY),
            Map.entry("freelist_count", Access.READ_ONLY),
            Map.entry("schema_version", Access.READ_ONLY),
            Map.entry("table_info", Access.INSPECT),
            Map.entry("table_xinfo", Access.INSPECT),
            Map.entry("table_list", Access.INSPECT),
            Map.entry("index_list", Access.INSPECT),
            Map.entry("index_info", Access.INSPECT),
            Map.entry("index_xinfo", Access.INSPECT),
            Map.entry("foreign_key_list", Access.INSPECT),
            Map.entry("foreign_key_check", Access.INSPECT),
            Map.entry("quick_check", Access.INSPECT),
            Map.entry("integrity_check", Access.INSPECT),
            Map.entry("defer_foreign_keys", Access.READ_WRITE),
            Map.entry("optimize", Access.ACTION),
            Map.entry("foreign_keys", Access.FOREIGN_KEYS));

    /**
     * Pragmas usable as table-valued functions ({@code SELECT * FROM pragma_table_info('t')}).
     * Settable pragmas are excluded: a table-valued function passes its argument to the pragma.
     */
    static final Set<String> TABLE_FUNCTIONS = Set.of("table_info", "table_xinfo", "table_list", "index_list",
            "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check", "quick_check", "integrity_check",
            "data_version", "page_count", "freelist_count");

    private static final String ALLOWED_LIST = String.join(", ", new TreeSet<>(ALLOWED.keySet()));

    private PragmaPolicy() {
    }

    /**
     * Checks the PRAGMA statement whose PRAGMA keyword is at {@code at}.
     *
     * @return true when the pragma may write to the database without SQLite counting a change
     */
    static boolean check(SqlStatement st, int at) {
        int i = at + 1;
        SqlToken nameToken = st.token(i);
        String schema = null;
        SqlToken next = st.token(i + 1);
        if (next != null && next.kind() == SqlToken.Kind.DOT) {
            schema = nameToken.name();
            i += 2;
            nameToken = st.token(i);
        }
        if (nameToken == null || !nameToken.isName()) {
            return false; // not a pragma SQLite can parse; it reports the syntax error
        }
        String name = nameToken.name().toLowerCase(Locale.ROOT);
        if (schema != null && !schema.equalsIgnoreCase("main")) {
            throw refused("PRAGMA " + schema + "." + name + " is not allowed: an object has only its main database; write PRAGMA "
                    + name);
        }
        Access access = ALLOWED.get(name);
        if (access == null) {
            throw refused("PRAGMA " + name + " is not allowed; allowed: " + ALLOWED_LIST);
        }
        SqlToken argument = st.token(i + 1);
        boolean hasArgument = argument != null
                && (argument.kind() == SqlToken.Kind.LPAREN || argument.text().equals("="));
        return switch (access) {
            case READ_ONLY -> {
                if (hasArgument) {
                    throw refused("PRAGMA " + name + " is read-only: the runtime manages it; read it with PRAGMA " + name);
                }
                yield false;
            }
            case FOREIGN_KEYS -> {
                if (hasArgument) {
                    throw refused("PRAGMA foreign_keys cannot be changed: SQLite ignores it inside a transaction and every event"
                            + " runs in one; use PRAGMA defer_foreign_keys = ON to check foreign keys when the event commits");
                }
                yield false;
            }
            case INSPECT, READ_WRITE -> false;
            case ACTION -> true;
        };
    }

    static SqlException refused(String message) {
        return new SqlException(SqlException.Reason.PRAGMA_NOT_ALLOWED, message);
    }
}
