package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS)
class RecordedProcessesTest {

    @Test
    void findsWhatIsStillRunningAndForgetsWhatEnded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("processes");
        Process running = new ProcessBuilder("sleep", "600").start();
        Process ended = new ProcessBuilder("true").start();
        try {
            RecordedProcesses.write(file, List.of(running.toHandle(), ended.toHandle()));
            assertThat(ProcessTrees.awaitExit(ended.toHandle(), Duration.ofSeconds(10))).isTrue();

            assertThat(RecordedProcesses.stillRunning(file)).containsExactly(running.toHandle());
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void aPidWithAnotherStartTimeIsSomeoneElsesProcess(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("processes");
        Files.writeString(file, ProcessHandle.current().pid() + " 2001-01-01T00:00:00Z\nnot a line\n");

        assertThat(RecordedProcesses.stillRunning(file)).isEmpty();
        assertThat(RecordedProcesses.stillRunning(dir.resolve("missing"))).isEmpty();
    }
}
