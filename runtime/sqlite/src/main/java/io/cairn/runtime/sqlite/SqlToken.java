package io.cairn.runtime.sqlite;

/**
 * One lexical token of a SQL text. Comments and whitespace are not tokens.
 *
 * @param kind what the token is
 * @param text the token exactly as written (quotes included)
 * @param start offset of its first character in the SQL text
 * @param end offset just past its last character
 */
record SqlToken(Kind kind, String text, int start, int end) {

    enum Kind {
        /** A bare word: a keyword or an unquoted identifier. */
        WORD,
        /** An identifier in "double quotes", `backticks` or [brackets]. */
        QUOTED_ID,
        /** A 'string literal' (SQLite also accepts these as names in many places). */
        STRING,
        BLOB,
        NUMBER,
        /** A bound parameter: ?, ?NNN, :name, @name, $name. */
        VARIABLE,
        SEMICOLON,
        LPAREN,
        RPAREN,
        DOT,
        /** Any other punctuation or operator. */
        OTHER
    }

    /** True for a bare word equal to {@code keyword}, ignoring ASCII case as SQLite does. */
    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True for a token that can name a schema object: a word, a quoted identifier or a string. */
    boolean isName() {
        return kind == Kind.WORD || kind == Kind.QUOTED_ID || kind == Kind.STRING;
    }

    /** The name this token spells with quotes removed and doubled quotes undone; null if it is no name. */
    String name() {
        return switch (kind) {
            case WORD -> text;
            case STRING -> unquote('\'', '\'');
            case QUOTED_ID -> switch (text.charAt(0)) {
                case '[' -> unquote('[', ']');
                case '`' -> unquote('`', '`');
                default -> unquote('"', '"');
            };
            default -> null;
        };
    }

    private String unquote(char open, char close) {
        boolean terminated = text.length() >= 2 && text.charAt(text.length() - 1) == close;
        String inner = text.substring(1, terminated ? text.length() - 1 : text.length());
        return open == close ? inner.replace(String.valueOf(close) + close, String.valueOf(close)) : inner;
    }
}
