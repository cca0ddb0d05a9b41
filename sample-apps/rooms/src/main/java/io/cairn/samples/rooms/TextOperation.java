package io.cairn.samples.rooms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An edit of a text, as a walk over the whole text from start to end: keep ({@code retain}) so many
 * characters, insert a string, delete so many characters. Positions count UTF-16 code units, as
 * JavaScript strings do, so the browser and the server agree on every index.
 *
 * <p>On the wire an operation is a JSON array: a positive number retains, a string inserts, a
 * negative number deletes. {@code [5, "abc", -3, 10]} keeps 5 characters, inserts "abc", deletes 3
 * and keeps the last 10 of an 18-character text.
 *
 * <p>{@link #transform} is what lets people type at the same time: given two operations made
 * concurrently on the same text, it rewrites each to apply after the other so that both orders end
 * in the same text.
 */
public final class TextOperation {

    /** One step of the walk. */
    sealed interface Component {
    }

    record Retain(int count) implements Component {
    }

    record Insert(String text) implements Component {
    }

    record Delete(int count) implements Component {
    }

    /** Two operations rewritten by {@link #transform}. */
    public record Transformed(TextOperation first, TextOperation second) {
    }

    private final List<Component> components;
    private final int baseLength;
    private final int targetLength;

    private TextOperation(List<Component> components, int baseLength, int targetLength) {
        this.components = Collections.unmodifiableList(components);
        this.baseLength = baseLength;
        this.targetLength = targetLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the wire form; throws {@link IllegalArgumentException} naming the bad element. */
    public static TextOperation fromJson(List<?> json) {
        Builder op = builder();
        for (int i = 0; i < json.size(); i++) {
            Object element = json.get(i);
            if (element instanceof String text && !text.isEmpty()) {
                op.insert(text);
            } else if (element instanceof Long n && n != 0 && Math.abs(n) <= Integer.MAX_VALUE) {
                if (n > 0) {
                    op.retain(n.intValue());
                } else {
                    op.delete((int) -n);
                }
            } else {
                throw new IllegalArgumentException("operation element " + i + " must be a non-empty string or a non-zero integer, got " + element);
            }
        }
        return op.build();
    }

    /** The wire form: retains as positive numbers, inserts as strings, deletes as negative numbers. */
    public List<Object> toJson() {
        List<Object> json = new ArrayList<>(components.size());
        for (Component c : components) {
            json.add(switch (c) {
                case Retain r -> r.count();
                case Insert ins -> ins.text();
                case Delete d -> -d.count();
            });
        }
        return json;
    }

    /** Length of the text this operation applies to. */
    public int baseLength() {
        return baseLength;
    }

    /** Length of the text it produces. */
    public int targetLength() {
        return targetLength;
    }

    /** True when applying it changes nothing. */
    public boolean isNoop() {
        return components.stream().allMatch(c -> c instanceof Retain);
    }

    List<Component> components() {
        return components;
    }

    /** The text after this operation; {@code text} must be exactly {@link #baseLength()} long. */
    public String apply(String text) {
        if (text.length() != baseLength) {
            throw new IllegalArgumentException("operation expects a text of " + baseLength + " characters, got " + text.length());
        }
        StringBuilder out = new StringBuilder(targetLength);
        int pos = 0;
        for (Component c : components) {
            switch (c) {
                case Retain r -> {
                    out.append(text, pos, pos + r.count());
                    pos += r.count();
                }
                case Insert ins -> out.append(ins.text());
                case Delete d -> pos += d.count();
            }
        }
        return out.toString();
    }

    /**
     * Rewrites two concurrent operations {@code a} and {@code b} (made on the same text) into
     * {@code a'} and {@code b'} such that applying {@code a} then {@code b'} gives the same text as
     * {@code b} then {@code a'}. When both insert at the same position, {@code a}'s text goes
     * first; text deleted by both is deleted once; an insert inside a range the other deletes
     * survives.
     */
    public static Transformed transform(TextOperation a, TextOperation b) {
        if (a.baseLength != b.baseLength) {
            throw new IllegalArgumentException("concurrent operations must start from the same text: lengths "
                    + a.baseLength + " and " + b.baseLength);
        }
        Builder aPrime = builder();
        Builder bPrime = builder();
        Cursor ca = new Cursor(a.components);
        Cursor cb = new Cursor(b.components);
        while (ca.hasNext() || cb.hasNext()) {
            if (ca.peek() instanceof Insert ins) {
                aPrime.insert(ins.text());
                bPrime.retain(ins.text().length());
                ca.next();
            } else if (cb.peek() instanceof Insert ins) {
                aPrime.retain(ins.text().length());
                bPrime.insert(ins.text());
                cb.next();
            } else {
                // Both now consume characters of the common base text (lengths match, so both have some left).
                int n = Math.min(ca.remaining(), cb.remaining());
                boolean aDeletes = ca.peek() instanceof Delete;
                boolean bDeletes = cb.peek() instanceof Delete;
                if (!aDeletes && !bDeletes) {
                    aPrime.retain(n);
                    bPrime.retain(n);
                } else if (aDeletes && !bDeletes) {
                    aPrime.delete(n);
                } else if (!aDeletes) {
                    bPrime.delete(n);
                } // both delete the same characters: already gone on either side
                ca.consume(n);
                cb.consume(n);
            }
        }
        return new Transformed(aPrime.build(), bPrime.build());
    }

    /**
     * This operation, made before {@code appliedSince} were applied (in that order, starting from
     * the same text), rewritten to apply after them. This is the server's whole merge rule.
     */
    public TextOperation rebase(List<TextOperation> appliedSince) {
        TextOperation op = this;
        for (TextOperation applied : appliedSince) {
            op = transform(op, applied).first();
        }
        return op;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextOperation other && components.equals(other.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    /** Walks the components, able to take part of a retain or delete. */
    private static final class Cursor {
        private final List<Component> components;
        private int index;
        private int used; // of the current retain or delete

        Cursor(List<Component> components) {
            this.components = components;
        }

        boolean hasNext() {
            return index < components.size();
        }

        Component peek() {
            return hasNext() ? components.get(index) : null;
        }

        void next() {
            index++;
            used = 0;
        }

        int remaining() {
            return switch (peek()) {
                case Retain r -> r.count() - used;
                case Delete d -> d.count() - used;
                case null, default -> throw new IllegalStateException("no retain or delete left");
            };
        }

        void consume(int n) {
            if (n == remaining()) {
                next();
            } else {
                used += n;
            }
        }
    }

    /**
     * Builds an operation in canonical form: adjacent steps of one kind merged, empty steps
     * dropped, and an insert next to a delete always placed before it.
     */
    public static final class Builder {
        private final List<Component> components = new ArrayList<>();
        private int baseLength;
        private int targetLength;

        private Builder() {
        }

        public Builder retain(int count) {
            requireNonNegative(count);
            if (count > 0) {
                baseLength = add(baseLength, count);
                targetLength = add(targetLength, count);
                if (last() instanceof Retain r) {
                    components.set(components.size() - 1, new Retain(r.count() + count));
                } else {
                    components.add(new Retain(count));
                }
            }
            return this;
        }

        public Builder insert(String text) {
            if (!text.isEmpty()) {
                targetLength = add(targetLength, text.length());
                if (last() instanceof Insert ins) {
                    components.set(components.size() - 1, new Insert(ins.text() + text));
                } else if (last() instanceof Delete d) {
                    // Delete-then-insert and insert-then-delete mean the same; keep one form.
                    components.removeLast();
                    if (last() instanceof Insert ins) {
                        components.set(components.size() - 1, new Insert(ins.text() + text));
                    } else {
                        components.add(new Insert(text));
                    }
                    components.add(d);
                } else {
                    components.add(new Insert(text));
                }
            }
            return this;
        }

        public Builder delete(int count) {
            requireNonNegative(count);
            if (count > 0) {
                baseLength = add(baseLength, count);
                if (last() instanceof Delete d) {
                    components.set(components.size() - 1, new Delete(d.count() + count));
                } else {
                    components.add(new Delete(count));
                }
            }
            return this;
        }

        public TextOperation build() {
            return new TextOperation(new ArrayList<>(components), baseLength, targetLength);
        }

        private Component last() {
            return components.isEmpty() ? null : components.getLast();
        }

        private static int add(int length, int count) {
            if (length > Integer.MAX_VALUE - count) {
                throw new IllegalArgumentException("operation spans more than " + Integer.MAX_VALUE + " characters");
            }
            return length + count;
        }

        private static void requireNonNegative(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
        }
    }
}
