package org.tocsin.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A JVM the bench started (a service, the raw producer): how it is started, what is read of it, how it ends. */
final class ChildJvm {

    private final String name;
    private final Process process;

    ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** The start of its command: this JVM's own java binary, with a heap limit. */
    static List<String> command(int heapMiB) {
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heapMiB + "m"));
    }

    /** CPU time the process has used so far (zero where the platform does not tell). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** CPU time the process's JIT compilers have used so far. */
    Duration jitCpuTime() {
        return JitCpu.of(process.pid());
    }

    /** Its pid with its name, for {@link MachineCpu}. */
    Map<Long, String> named() {
        return Map.of(process.pid(), name);
    }

    /** Waits up to 30 s for it to exit, once asked to, then kills it. */
    void awaitExitOrKill() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
