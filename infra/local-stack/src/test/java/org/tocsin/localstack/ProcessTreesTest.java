package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class ProcessTreesTest {

    /** A shell with a child of its own, the shape of a service that started a helper process. */
    private static Process shellWithChild(String script) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        awaitDescendant(shell);
        return shell;
    }

    /** Polls (every 10 ms, for up to 10 s) until the shell has forked its child. */
    private static void awaitDescendant(Process shell) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shell.descendants().findAny().isEmpty()) {
            assertThat(System.nanoTime()).as("the shell started its child").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void stopsAProcessAndTheChildItLeavesBehind() throws IOException, InterruptedException {
        Process shell = shellWithChild("sleep 600 & wait");
        List<ProcessHandle> tree = List.of(shell.toHandle(), shell.descendants().findFirst().orElseThrow());

        boolean forced = ProcessTrees.stop(shell.toHandle(), Duration.ofSeconds(10));

        assertThat(forced).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void killsWhatIgnoresTheRequestToStop() throws IOException, InterruptedException {
        Process shell = shellWithChild("trap '' TERM; sleep 600 & wait");
        List<ProcessHandle> tree = List.of(shell.toHandle(), shell.descendants().findFirst().orElseThrow());

        boolean forced = ProcessTrees.stop(shell.toHandle(), Duration.ofMillis(500));

        assertThat(forced).isTrue();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }
}
