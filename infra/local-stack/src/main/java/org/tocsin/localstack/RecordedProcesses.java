package org.tocsin.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The processes a running stack started, written down so that the next run can stop them if this one is
 * killed with SIGKILL (nothing runs then, not even a shutdown hook). A pid is trusted only together with
 * its start time: after a reboot or a long while the number may belong to someone else.
 */
final class RecordedProcesses {

    private RecordedProcesses() {
    }

    static void write(Path file, Collection<ProcessHandle> processes) throws IOException {
        StringBuilder lines = new StringBuilder("# pid start-time: processes of a running Tocsin local stack\n");
        for (ProcessHandle process : processes) {
            process.info().startInstant().ifPresent(start ->
                    lines.append(process.pid()).append(' ').append(start).append('\n'));
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded processes still alive and still the same processes (same start time). */
    static List<ProcessHandle> stillRunning(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(RecordedProcesses::parse)
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<ProcessHandle> parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length != 2) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(fields[0]);
            Instant start = Instant.parse(fields[1]);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().startInstant().map(start::equals).orElse(false));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
