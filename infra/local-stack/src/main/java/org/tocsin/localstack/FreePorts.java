package org.tocsin.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Free TCP ports for services that must be told their port before they start. */
final class FreePorts {

    private FreePorts() {
    }

    /** {@code configured} with each 0 (any free port) replaced by a free port, no two the same. */
    static Map<ServiceApp, Integer> inPlaceOfZeros(Map<ServiceApp, Integer> configured) {
        Iterator<Integer> free = distinct((int) configured.values().stream().filter(port -> port == 0).count())
                .iterator();
        Map<ServiceApp, Integer> ports = new EnumMap<>(configured);
        ports.replaceAll((app, port) -> port != 0 ? port : free.next());
        return ports;
    }

    /**
     * {@code count} ports that were free just now and differ from each other: every socket stays open
     * until all are chosen, since the kernel may hand a just-closed ephemeral port out again.
     */
    static List<Integer> distinct(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find " + count + " free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that accepted nothing does not fail in practice
                }
            }
        }
    }
}
