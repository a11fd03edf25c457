package org.tocsin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields the bench reads from one of Linux's {@code /proc/<pid>/stat} or
 * {@code /proc/<pid>/task/<tid>/stat} lines: the command (or thread) name, the CPU ticks used so far
 * (user + system) and when it started (ticks after boot: a pid reused by a new process starts later).
 */
record ProcStat(String command, long cpuTicks, long startedAt) {

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on every Linux this runs on). */
    static final long TICKS_PER_SECOND = 100;

    /** The stat file's fields; empty when the process or thread ended before it could be read. */
    static Optional<ProcStat> read(Path stat) {
        try {
            return Optional.of(parse(Files.readString(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static ProcStat parse(String line) {
        // "pid (comm) state ...": comm may hold spaces and parentheses, so it ends at the last ')'
        int commEnd = line.lastIndexOf(')');
        String command = line.substring(line.indexOf('(') + 1, commEnd);
        String[] fields = line.substring(commEnd + 2).split(" ");
        // after comm: state is the 1st field, utime the 12th, stime the 13th, starttime the 20th
        return new ProcStat(command, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[19]));
    }
}
