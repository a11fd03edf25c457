package org.tocsin.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port free right now: the gateway's port must be known before it starts, because Twilio signs its public URL. */
public final class FreePort {

    private FreePort() {
    }

    public static int find() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
