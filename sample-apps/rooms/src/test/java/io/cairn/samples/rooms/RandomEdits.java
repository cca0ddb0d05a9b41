package io.cairn.samples.rooms;

import java.util.Random;

/** Random texts and edits of them, including characters outside the BMP. */
final class RandomEdits {

    private static final String[] PIECES = {"a", "b", "c", " ", "\n", "é", "😀"};

    private RandomEdits() {
    }

    static String text(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    /** A random edit of {@code text}: runs of keep, insert and delete that never split a surrogate pair. */
    static TextOperation operation(Random random, String text) {
        TextOperation.Builder op = TextOperation.builder();
        int pos = 0;
        while (pos < text.length()) {
            int run = Math.min(text.length() - pos, 1 + random.nextInt(4));
            if (run < text.length() - pos && Character.isHighSurrogate(text.charAt(pos + run - 1))) {
                run++; // keep pairs whole, as a browser's edits do
            }
            switch (random.nextInt(4)) {
                case 0 -> op.delete(run);
                case 1 -> {
                    op.insert(text(random, 1 + random.nextInt(3)));
                    op.retain(run);
                }
                default -> op.retain(run);
            }
            pos += run;
        }
        if (random.nextBoolean()) {
            op.insert(text(random, 1 + random.nextInt(3)));
        }
        return op.build();
    }
}
