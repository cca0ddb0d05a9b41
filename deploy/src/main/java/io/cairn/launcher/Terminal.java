package io.cairn.launcher;

import java.io.Console;

/** Whether a person is watching: progress lines are drawn only then, never into files or pipes. */
final class Terminal {

    private Terminal() {
    }

    /**
     * True when the JVM has a console that is a terminal. On JDK 22+ {@link System#console()} may
     * return a console for redirected streams too, so {@code Console.isTerminal()} (22+) decides
     * there; on 21 a console exists only for a terminal.
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
