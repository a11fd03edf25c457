package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitCpuTest {

    @Test
    void readsTheCompilerThreadsOfARunningJvmAndNothingOfAProcessThatIsGone() {
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) { // hot enough for both compilers
            sum += Integer.toString(i).hashCode();
        }
        assertThat(sum).isNotZero();
        long pid = ProcessHandle.current().pid();
        Duration jit = JitCpu.of(pid);
        Duration process = Duration.ofNanos(
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        // this JVM has compiled JUnit, the loop and everything before it: more than /proc's 10 ms tick
        assertThat(jit).isPositive().isLessThanOrEqualTo(process);
        assertThat(JitCpu.of(Long.MAX_VALUE)).isZero();
    }

    @Test
    void saysTheShareOfTheCpuOrThatItIsUnknown() {
        assertThat(JitCpu.share(Duration.ofMillis(1_500), Duration.ofSeconds(6))).isEqualTo("1.5 s, 25 % of its CPU");
        assertThat(JitCpu.share(null, Duration.ofSeconds(6))).isEqualTo("n/a");
        assertThat(JitCpu.share(Duration.ofSeconds(1), Duration.ZERO)).isEqualTo("n/a");
    }
}
