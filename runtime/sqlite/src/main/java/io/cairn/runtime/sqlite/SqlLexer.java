package io.cairn.runtime.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens the way SQLite's tokenizer does, as far as the policy checks and
 * the statement splitter need: quoting, comments and statement punctuation are exact, operators
 * are not distinguished. Unterminated quotes and comments run to the end of the text; SQLite
 * then reports the error when the statement is prepared.
 */
final class SqlLexer {

    private final String sql;
    private final int length;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    static List<SqlToken> tokenize(String sql) {
        return new SqlLexer(sql).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>();
        while (pos < length) {
            char c = sql.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                tokens.add(next(c));
            }
        }
        return tokens;
    }

    private SqlToken next(char c) {
        int start = pos;
        SqlToken.Kind kind;
        switch (c) {
            case '\'' -> {
                scanQuoted('\'');
                kind = SqlToken.Kind.STRING;
            }
            case '"', '`' -> {
                scanQuoted(c);
                kind = SqlToken.Kind.QUOTED_ID;
            }
            case '[' -> {
                int close = sql.indexOf(']', pos + 1);
                pos = close < 0 ? length : close + 1;
                kind = SqlToken.Kind.QUOTED_ID;
            }
            case ';' -> {
                pos++;
                kind = SqlToken.Kind.SEMICOLON;
            }
            case '(' -> {
                pos++;
                kind = SqlToken.Kind.LPAREN;
            }
            case ')' -> {
                pos++;
                kind = SqlToken.Kind.RPAREN;
            }
            case '?' -> {
                pos++;
                while (pos < length && isDigit(sql.charAt(pos))) {
                    pos++;
                }
                kind = SqlToken.Kind.VARIABLE;
            }
            case ':', '@', '$', '#' -> {
                pos++;
                if (pos < length && isIdChar(sql.charAt(pos))) {
                    scanIdentifierChars();
                    kind = SqlToken.Kind.VARIABLE;
                } else {
                    kind = SqlToken.Kind.OTHER;
                }
            }
            default -> kind = scanOther(c);
        }
        return new SqlToken(kind, sql.substring(start, pos), start, pos);
    }

    private SqlToken.Kind scanOther(char c) {
        if ((c == 'x' || c == 'X') && peek(1) == '\'') {
            pos++;
            scanQuoted('\'');
            return SqlToken.Kind.BLOB;
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            scanNumber();
            return SqlToken.Kind.NUMBER;
        }
        if (isIdStart(c)) {
            scanIdentifierChars();
            return SqlToken.Kind.WORD;
        }
        pos++;
        return c == '.' ? SqlToken.Kind.DOT : SqlToken.Kind.OTHER;
    }

    /** Quoted text where the quote character is escaped by doubling it. */
    private void scanQuoted(char quote) {
        pos++;
        while (pos < length) {
            if (sql.charAt(pos) == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                    continue;
                }
                pos++;
                return;
            }
            pos++;
        }
    }

    private void scanNumber() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if ((c == 'e' || c == 'E') && (peek(1) == '+' || peek(1) == '-') && !isHexLiteralSoFar()) {
                pos += 2;
            } else if (isDigit(c) || c == '.' || c == '_' || Character.isLetter(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private boolean isHexLiteralSoFar() {
        int i = pos;
        while (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            i--;
        }
        return i + 1 < length && sql.charAt(i) == '0' && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X');
    }

    private void scanIdentifierChars() {
        while (pos < length && (isIdChar(sql.charAt(pos)))) {
            pos++;
        }
    }

    private void skipLineComment() {
        int newline = sql.indexOf('\n', pos);
        pos = newline < 0 ? length : newline + 1;
    }

    private void skipBlockComment() {
        int close = sql.indexOf("*/", pos + 2);
        pos = close < 0 ? length : close + 2;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < length ? sql.charAt(i) : '\0';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** SQLite treats every character outside ASCII as an identifier character. */
    private static boolean isIdStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdChar(char c) {
        return isIdStart(c) || isDigit(c) || c == '$';
    }
}
