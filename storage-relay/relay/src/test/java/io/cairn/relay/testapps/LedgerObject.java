package io.cairn.relay.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlStorage;

/**
 * Appends rows of varied sizes (so commits touch many pages, grow and split the B-tree) and
 * answers with a fingerprint of the whole table: "rows=N sum=S", where S sums the lengths and
 * ids. The relay tests compare restored databases against the fingerprint reported at a bookmark.
 * POST /append?n=K appends K rows; POST /trim deletes every other row; GET / reports.
 */
public final class LedgerObject implements DurableObject {

    private final SqlStorage sql;

    public LedgerObject(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        sql.exec("CREATE TABLE IF NOT EXISTS ledger(id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }

    @Override
    public Response fetch(Request request) {
        switch (request.method() + " " + request.path()) {
            case "POST /append" -> {
                int n = Integer.parseInt(request.queryParam("n").orElse("1"));
                for (int i = 0; i < n; i++) {
                    long next = sql.exec("SELECT coalesce(max(id), 0) + 1 AS n FROM ledger").one().getLong("n");
                    sql.exec("INSERT INTO ledger(id, body) VALUES (?, ?)", next, "x".repeat((int) (next * 37 % 3000) + 1));
                }
            }
            case "POST /trim" -> sql.exec("DELETE FROM ledger WHERE id % 2 = 0");
            default -> {
            }
        }
        return Response.ok(fingerprint(sql));
    }

    /** Same query the tests run on restored files. */
    public static final String FINGERPRINT_SQL = "SELECT count(*) AS n, coalesce(sum(length(body) + id), 0) AS s FROM ledger";

    private static String fingerprint(SqlStorage sql) {
        var row = sql.exec(FINGERPRINT_SQL).one();
        return "rows=" + row.getLong("n") + " sum=" + row.getLong("s");
    }
}
