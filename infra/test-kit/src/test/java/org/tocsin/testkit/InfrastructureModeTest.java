package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class InfrastructureModeTest {

    private final AtomicInteger probes = new AtomicInteger();

    private BooleanSupplier docker(boolean available) {
        return () -> {
            probes.incrementAndGet();
            return available;
        };
    }

    @Test
    void autoByDefaultUsesContainersOnlyWhenDockerAnswers() {
        assertThat(InfrastructureMode.choose(Map.of(), docker(true))).isEqualTo(InfrastructureMode.CONTAINERS);
        assertThat(InfrastructureMode.choose(Map.of(), docker(false))).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(probes).hasValue(2);
    }

    @Test
    void explicitAutoAndBlankBehaveAsDefault() {
        assertThat(InfrastructureMode.choose(Map.of("TOCSIN_TEST_INFRA", "auto"), docker(false)))
                .isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(InfrastructureMode.choose(Map.of("TOCSIN_TEST_INFRA", " "), docker(true)))
                .isEqualTo(InfrastructureMode.CONTAINERS);
    }

    @Test
    void explicitChoiceWinsAndNeverProbesDocker() {
        assertThat(InfrastructureMode.choose(Map.of("TOCSIN_TEST_INFRA", "embedded"), docker(true)))
                .isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(InfrastructureMode.choose(Map.of("TOCSIN_TEST_INFRA", " Containers "), docker(false)))
                .isEqualTo(InfrastructureMode.CONTAINERS);
        assertThat(probes).hasValue(0);
    }

    @Test
    void unknownChoiceIsRefusedWithTheAllowedValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InfrastructureMode.choose(Map.of("TOCSIN_TEST_INFRA", "docker"), docker(true)))
                .withMessageContaining("docker")
                .withMessageContaining("auto, embedded, containers");
    }

    @Test
    void modeValuesAreWhatInfrastructureModeReports() {
        assertThat(InfrastructureMode.EMBEDDED.value()).isEqualTo("embedded");
        assertThat(InfrastructureMode.CONTAINERS.value()).isEqualTo("containers");
    }
}
