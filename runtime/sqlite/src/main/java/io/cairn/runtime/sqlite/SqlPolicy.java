package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a user statement may run, from its tokens alone (the JDBC driver exposes no
 * SQLite authorizer callback).
 *
 * <p>Reserved names are refused wherever they appear as a word, a quoted identifier or a string
 * literal: SQLite accepts {@code 'strings'} as table names ({@code SELECT * FROM '_cairn_kv'})
 * and fts5 takes its external content table as a string ({@code content='_cairn_kv'}), so a
 * string check is the only token-level way to keep user SQL away from the runtime's tables.
 * The runtime's tables stay visible in {@code sqlite_schema} listings (as Cloudflare's
 * {@code _cf_KV} does); their contents are unreachable.
 *
 * <p>Pragma table-valued functions ({@code pragma_table_info(...)}) would bypass the PRAGMA
 * allowlist, so a {@code pragma_}-prefixed name used as a function or as a table in a FROM clause
 * must name an allowlisted, side-effect-free pragma; elsewhere such names are ordinary columns.
 */
final class SqlPolicy {

    static final String RESERVED_PREFIX = "_cairn_";
    private static final String PRAGMA_FUNCTION_PREFIX = "pragma_";
    private static final Set<String> VIRTUAL_TABLE_MODULES = Set.of("fts5", "rtree");
    /** Words after which a FROM clause's table list is over. */
    private static final Set<String> ENDS_FROM_CLAUSE = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW",
            "ON", "USING", "SELECT", "VALUES", "SET", "RETURNING", "UNION", "EXCEPT", "INTERSECT");
    private static final String USE_TRANSACTION_SYNC = "every event already runs in one transaction (committed when the"
            + " handler returns, rolled back when it throws); use storage().transactionSync(...) for a nested transaction";

    private SqlPolicy() {
    }

    static CheckedStatement check(SqlStatement st) {
        checkNames(st);
        int at = st.afterExplain();
        SqlToken first = st.token(at);
        String keyword = first != null && first.kind() == SqlToken.Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : "";
        boolean uncountedWrite = switch (keyword) {
            case "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" ->
                    throw forbidden(keyword + " is not allowed: " + USE_TRANSACTION_SYNC);
            case "ATTACH", "DETACH" ->
                    throw forbidden(keyword + " is not allowed: an object can only use its own database");
            case "VACUUM" -> throw forbidden("VACUUM is not allowed: the runtime manages the database file"
                    + " (VACUUM INTO would write a copy outside it)");
            case "PRAGMA" -> PragmaPolicy.check(st, at);
            case "CREATE" -> {
                checkCreate(st, at);
                yield true;
            }
            case "DROP", "ALTER", "ANALYZE", "REINDEX" -> true;
            default -> false;
        };
        boolean returning = st.tokens().stream().anyMatch(t -> t.isWord("RETURNING"));
        boolean schemaOnly = keyword.equals("CREATE") || keyword.equals("DROP") || keyword.equals("ALTER");
        return new CheckedStatement(st.text(), uncountedWrite, returning, schemaOnly);
    }

    private static void checkNames(SqlStatement st) {
        List<SqlToken> tokens = st.tokens();
        boolean inFromClause = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.kind() == SqlToken.Kind.WORD) {
                String word = t.text().toUpperCase(Locale.ROOT);
                if (word.equals("FROM") || word.equals("JOIN")) {
                    inFromClause = true;
                } else if (ENDS_FROM_CLAUSE.contains(word)) {
                    inFromClause = false;
                }
            }
            if (!t.isName()) {
                continue;
            }
            String name = t.name();
            if (name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
                throw forbidden("'" + name + "' is reserved: names starting with " + RESERVED_PREFIX
                        + " belong to the runtime and cannot appear in SQL (use storage().kv() for key-value data and"
                        + " storage().setAlarm() for the alarm; pass a value starting with " + RESERVED_PREFIX
                        + " as a binding)");
            }
            if (t.kind() != SqlToken.Kind.STRING && name.equalsIgnoreCase("load_extension")) {
                throw forbidden("load_extension() is not allowed: extensions cannot be loaded into an object's database");
            }
            if (name.regionMatches(true, 0, PRAGMA_FUNCTION_PREFIX, 0, PRAGMA_FUNCTION_PREFIX.length())
                    && (isCall(st, i) || (inFromClause && namesTable(tokens.get(i - 1))))) {
                checkPragmaFunction(name.substring(PRAGMA_FUNCTION_PREFIX.length()).toLowerCase(Locale.ROOT));
            }
        }
    }

    private static boolean isCall(SqlStatement st, int i) {
        SqlToken next = st.token(i + 1);
        return next != null && next.kind() == SqlToken.Kind.LPAREN;
    }

    /**
     * Inside a FROM clause, a name right after FROM, JOIN, a comma or a schema dot is a table
     * (SQLite reads even a 'string' there as a table name); elsewhere pragma_-prefixed names are
     * ordinary column names.
     */
    private static boolean namesTable(SqlToken previous) {
        return previous.isWord("FROM") || previous.isWord("JOIN") || previous.kind() == SqlToken.Kind.DOT
                || previous.text().equals(",");
    }

    private static void checkPragmaFunction(String pragma) {
        if (!PragmaPolicy.TABLE_FUNCTIONS.contains(pragma)) {
            throw PragmaPolicy.refused("pragma_" + pragma + " is not allowed; the pragma table-valued functions allowed are: pragma_"
                    + String.join(", pragma_", new java.util.TreeSet<>(PragmaPolicy.TABLE_FUNCTIONS)));
        }
    }

    /** CREATE [TEMP] [UNIQUE] [VIRTUAL] kind [IF NOT EXISTS] [schema.]name [USING module ...]. */
    private static void checkCreate(SqlStatement st, int at) {
        int i = at + 1;
        if (st.isWord(i, "TEMP") || st.isWord(i, "TEMPORARY")) {
            SqlToken kind = st.token(i + 1);
            String what = kind == null ? "" : " " + kind.text().toUpperCase(Locale.ROOT);
            throw forbidden("CREATE " + st.token(i).text().toUpperCase(Locale.ROOT) + what
                    + " is not allowed: temporary tables, views and triggers are not supported; create a regular one"
                    + " (and drop it when done)");
        }
        if (st.isWord(i, "UNIQUE")) {
            i++;
        }
        boolean virtual = st.isWord(i, "VIRTUAL");
        i += virtual ? 2 : 1;
        if (st.isWord(i, "IF") && st.isWord(i + 1, "NOT") && st.isWord(i + 2, "EXISTS")) {
            i += 3;
        }
        SqlToken name = st.token(i);
        SqlToken afterName = st.token(i + 1);
        if (name != null && afterName != null && afterName.kind() == SqlToken.Kind.DOT) {
            String schema = name.name();
            if (schema != null && (schema.equalsIgnoreCase("temp") || schema.equalsIgnoreCase("temporary"))) {
                throw forbidden("creating objects in the temp schema is not allowed: temporary tables, views and triggers are"
                        + " not supported; create a regular one (and drop it when done)");
            }
            i += 2;
        }
        int using = virtual ? indexOfWord(st, "USING", i) : -1;
        if (using >= 0) {
            SqlToken module = st.token(using + 1);
            String moduleName = module == null ? null : module.name();
            if (moduleName != null && !VIRTUAL_TABLE_MODULES.contains(moduleName.toLowerCase(Locale.ROOT))) {
                throw forbidden("virtual table module '" + moduleName + "' is not allowed; use fts5 or rtree");
            }
        }
    }

    private static int indexOfWord(SqlStatement st, String word, int from) {
        for (int j = from; j < st.tokens().size(); j++) {
            if (st.isWord(j, word)) {
                return j;
            }
        }
        return -1;
    }

    private static SqlException forbidden(String message) {
        return new SqlException(SqlException.Reason.FORBIDDEN, message);
    }
}
