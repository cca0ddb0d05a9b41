package io.cairn.samples.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict recursive-descent parser: no comments, no trailing commas, no NaN, nesting bounded. */
final class JsonParser {

    /** Deep enough for any document the apps accept, shallow enough that hostile input cannot overflow the stack. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    JsonParser(String text) {
        if (text == null) {
            throw new JsonException("no JSON: the input is null");
        }
        this.text = text;
    }

    Object parseDocument() {
        skipWhitespace();
        if (pos == text.length()) {
            throw new JsonException("no JSON: the input is empty");
        }
        Object value = parseValue();
        skipWhitespace();
        if (pos != text.length()) {
            throw error("unexpected " + describe(text.charAt(pos)) + " after the JSON value");
        }
        return value;
    }

    private Object parseValue() {
        if (pos == text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> parseObject();
            case '[' -> parseArray();
            case '"' -> parseString();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield parseNumber();
                }
                throw error("unexpected " + describe(c) + ", expected a value");
            }
        };
    }

    private Map<String, Object> parseObject() {
        enterNesting();
        pos++; // '{'
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (tryConsume('}')) {
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (pos == text.length() || text.charAt(pos) != '"') {
                throw error("expected a string key");
            }
            String key = parseString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(key, parseValue()); // a repeated key keeps its last value, like most parsers
            skipWhitespace();
            if (tryConsume('}')) {
                depth--;
                return object;
            }
            expect(',');
        }
    }

    private List<Object> parseArray() {
        enterNesting();
        pos++; // '['
        List<Object> array = new ArrayList<>();
        skipWhitespace();
        if (tryConsume(']')) {
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(parseValue());
            skipWhitespace();
            if (tryConsume(']')) {
                depth--;
                return array;
            }
            expect(',');
        }
    }

    private String parseString() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos == text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character " + describe(c) + " in a string must be escaped", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos == text.length()) {
                throw error("unterminated escape");
            }
            char escape = text.charAt(pos++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(parseHex4());
                default -> throw error("invalid escape \\" + escape, pos - 2);
            }
        }
    }

    private char parseHex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape", pos + i);
            }
            value = value * 16 + digit;
        }
        pos += 4;
        // Surrogates are kept as UTF-16 code units: a pair written as two escapes becomes one code point.
        return (char) value;
    }

    private Number parseNumber() {
        int start = pos;
        tryConsume('-');
        if (tryConsume('0')) {
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                throw error("leading zeros are not allowed in numbers", start);
            }
        } else {
            requireDigits();
        }
        boolean integral = true;
        if (tryConsume('.')) {
            integral = false;
            requireDigits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (!tryConsume('+')) {
                tryConsume('-');
            }
            requireDigits();
        }
        String number = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException outOfRange) {
                // Beyond a long: fall through to a (possibly rounded) double, as JavaScript would read it.
            }
        }
        return Double.parseDouble(number);
    }

    private void requireDigits() {
        if (pos == text.length() || !isDigit(text.charAt(pos))) {
            throw error("expected a digit");
        }
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(text.charAt(pos)) + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enterNesting() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean tryConsume(char expected) {
        if (pos < text.length() && text.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!tryConsume(expected)) {
            throw error(pos == text.length()
                    ? "unexpected end of input, expected '" + expected + "'"
                    : "unexpected " + describe(text.charAt(pos)) + ", expected '" + expected + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonException error(String message) {
        return error(message, pos);
    }

    private static JsonException error(String message, int at) {
        return new JsonException("invalid JSON at offset " + at + ": " + message);
    }
}
