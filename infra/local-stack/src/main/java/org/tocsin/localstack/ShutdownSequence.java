package org.tocsin.localstack;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What to stop, in reverse order of starting (services, then the simulator, then the infrastructure).
 * Once it has run, anything added later is stopped at once: Ctrl-C may come in the middle of start-up.
 */
final class ShutdownSequence {

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();
    private final PrintStream out;
    private boolean ran;

    ShutdownSequence(PrintStream out) {
        this.out = out;
    }

    void add(String name, Step step) {
        synchronized (this) {
            if (!ran) {
                steps.push(new Named(name, step));
                return;
            }
        }
        runOne(new Named(name, step));
    }

    /** Runs every step once, latest first; a step that fails does not keep the others from running. */
    void run() {
        List<Named> toRun;
        synchronized (this) {
            ran = true;
            toRun = new ArrayList<>(steps);
            steps.clear();
        }
        toRun.forEach(this::runOne);
    }

    private void runOne(Named named) {
        try {
            named.step().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("  interrupted while stopping " + named.name());
        } catch (Exception | LinkageError e) {
            out.println("  could not stop " + named.name() + " cleanly: " + e);
        }
    }
}
