package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsDifferFromEachOtherAndCanBeBoundOnceChosen() throws IOException {
        List<Integer> ports = FreePorts.distinct(50);

        assertThat(ports).hasSize(50).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isPositive());
        // nothing is left holding them: each can be bound by the service it is meant for
        for (int port : ports.subList(0, 5)) {
            try (ServerSocket socket = new ServerSocket(port)) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aConfiguredPortIsKeptAndEachZeroGetsAFreePortOfItsOwn() {
        Map<ServiceApp, Integer> ports = FreePorts.inPlaceOfZeros(
                Map.of(ServiceApp.GATEWAY, 8081, ServiceApp.DISPATCH, 0, ServiceApp.SUBSCRIBER, 0));

        assertThat(ports).containsEntry(ServiceApp.GATEWAY, 8081).containsOnlyKeys(ServiceApp.values());
        assertThat(ports.values()).doesNotHaveDuplicates().doesNotContain(0);
    }
}
