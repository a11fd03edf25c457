package org.tocsin.twiliosim;

import java.util.Objects;

/**
 * How a simulator is started.
 *
 * @param port TCP port to listen on; 0 picks any free port
 * @param accountSid the only account the simulator accepts (HTTP Basic user)
 * @param authToken that account's auth token (HTTP Basic password, and the key that signs webhooks)
 * @param inboundWebhookUrl where inbound messages are POSTed (the gateway's
 *     {@code /webhooks/twilio/inbound}); {@code null} keeps inbound messages in the simulator only
 * @param bindAddress address the listener binds to; loopback by default, {@code 0.0.0.0} to be
 *     reachable from other hosts or containers
 * @param maxStoredMessages how many messages are kept for the API and the control API; the oldest
 *     are forgotten beyond it, so a long benchmark does not grow the heap without bound
 */
public record SimulatorConfig(
        int port,
        String accountSid,
        String authToken,
        String inboundWebhookUrl,
        String bindAddress,
        int maxStoredMessages) {

    public static final int DEFAULT_PORT = 8089;
    public static final String DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000";
    public static final String DEFAULT_AUTH_TOKEN = "tocsin-local-auth-token";
    public static final String DEFAULT_INBOUND_WEBHOOK_URL = "http://127.0.0.1:8081/webhooks/twilio/inbound";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_MAX_STORED_MESSAGES = 100_000;

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        requireText(accountSid, "accountSid");
        requireText(authToken, "authToken");
        requireText(bindAddress, "bindAddress");
        if (inboundWebhookUrl != null && inboundWebhookUrl.isBlank()) {
            inboundWebhookUrl = null;
        }
        if (maxStoredMessages < 1) {
            throw new IllegalArgumentException("maxStoredMessages must be positive, was " + maxStoredMessages);
        }
    }

    /** Loopback listener keeping up to {@value #DEFAULT_MAX_STORED_MESSAGES} messages. */
    public SimulatorConfig(int port, String accountSid, String authToken, String inboundWebhookUrl) {
        this(port, accountSid, authToken, inboundWebhookUrl, DEFAULT_BIND_ADDRESS, DEFAULT_MAX_STORED_MESSAGES);
    }

    /** Port 8089, the local demo credentials, the gateway's default inbound webhook. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_PORT, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, DEFAULT_INBOUND_WEBHOOK_URL);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    public SimulatorConfig withAccountSid(String accountSid) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    public SimulatorConfig withAuthToken(String authToken) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    public SimulatorConfig withInboundWebhookUrl(String inboundWebhookUrl) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    public SimulatorConfig withBindAddress(String bindAddress) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    public SimulatorConfig withMaxStoredMessages(int maxStoredMessages) {
        return new SimulatorConfig(port, accountSid, authToken, inboundWebhookUrl, bindAddress, maxStoredMessages);
    }

    /** Leaves the token out, so that a logged config does not leak it. */
    @Override
    public String toString() {
        return "SimulatorConfig[port=" + port + ", accountSid=" + accountSid + ", inboundWebhookUrl="
                + inboundWebhookUrl + ", bindAddress=" + bindAddress + ", maxStoredMessages=" + maxStoredMessages + "]";
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
