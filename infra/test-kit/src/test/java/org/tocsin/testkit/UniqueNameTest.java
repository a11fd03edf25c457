package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class UniqueNameTest {

    private static final String SAFE = "[a-z][a-z0-9_]{0,62}";

    @Test
    void keepsARecognisablePrefixInSafeCharacters() {
        assertThat(TestInfrastructure.uniqueName("GatewayIT")).matches("gatewayit_[a-z0-9]+");
        assertThat(TestInfrastructure.uniqueName("Outbound.Messages-Urgent")).matches("outbound_messages_urgent_[a-z0-9]+");
    }

    @Test
    void alwaysStartsWithALetterAndStaysShortEnoughForPostgres() {
        assertThat(TestInfrastructure.uniqueName("42 things")).startsWith("t_42_things_").matches(SAFE);
        assertThat(TestInfrastructure.uniqueName("")).matches(SAFE);
        assertThat(TestInfrastructure.uniqueName(null)).matches(SAFE);
        assertThat(TestInfrastructure.uniqueName("x".repeat(200))).matches(SAFE).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void neverRepeatsEvenAcrossThreads() {
        Set<String> names = Collections.synchronizedSet(new HashSet<>());
        IntStream.range(0, 10_000).parallel().forEach(i -> names.add(TestInfrastructure.uniqueName("same")));
        assertThat(names).hasSize(10_000);
    }
}
