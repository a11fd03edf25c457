package org.tocsin.twiliosim;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own until Ctrl-C. Environment: {@code TOCSIN_SIM_PORT} (8089),
 * {@code TOCSIN_TWILIO_ACCOUNT_SID}, {@code TOCSIN_TWILIO_AUTH_TOKEN},
 * {@code TOCSIN_SIM_INBOUND_WEBHOOK_URL}, {@code TOCSIN_SIM_BIND_ADDRESS} (127.0.0.1; 0.0.0.0 to
 * serve other hosts or containers), {@code TOCSIN_SIM_MAX_STORED_MESSAGES}.
 */
public final class TwilioSimulatorMain {

    private TwilioSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = configFrom(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Twilio simulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        TwilioSimulator simulator = TwilioSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "twilio-sim-shutdown"));
        System.out.println("Twilio simulator listening on " + simulator.baseUrl()
                + (config.bindAddress().equals(SimulatorConfig.DEFAULT_BIND_ADDRESS)
                        ? "" : " (bound to " + config.bindAddress() + ")"));
        System.out.println("  Messages API: " + simulator.baseUrl() + "/2010-04-01/Accounts/" + config.accountSid()
                + "/Messages.json (auth token " + (config.authToken().equals(SimulatorConfig.DEFAULT_AUTH_TOKEN)
                        ? "is the local demo token" : "from TOCSIN_TWILIO_AUTH_TOKEN") + ")");
        System.out.println("  inbound webhook: " + (config.inboundWebhookUrl() == null
                ? "none" : config.inboundWebhookUrl()));
        System.out.println("  control API: " + simulator.baseUrl()
                + "/sim/inbound, /sim/messages?to=, /sim/behaviour, /sim/reset. Ctrl-C stops it.");
        stopped.await();
    }

    /** The configuration the environment asks for, on top of {@link SimulatorConfig#defaults()}. */
    static SimulatorConfig configFrom(Map<String, String> env) {
        SimulatorConfig config = SimulatorConfig.defaults();
        String port = env.get("TOCSIN_SIM_PORT");
        if (isSet(port)) {
            config = config.withPort(parse(port, "TOCSIN_SIM_PORT"));
        }
        if (isSet(env.get("TOCSIN_TWILIO_ACCOUNT_SID"))) {
            config = config.withAccountSid(env.get("TOCSIN_TWILIO_ACCOUNT_SID").strip());
        }
        if (isSet(env.get("TOCSIN_TWILIO_AUTH_TOKEN"))) {
            config = config.withAuthToken(env.get("TOCSIN_TWILIO_AUTH_TOKEN").strip());
        }
        if (env.containsKey("TOCSIN_SIM_INBOUND_WEBHOOK_URL")) {
            config = config.withInboundWebhookUrl(env.get("TOCSIN_SIM_INBOUND_WEBHOOK_URL").strip());
        }
        if (isSet(env.get("TOCSIN_SIM_BIND_ADDRESS"))) {
            config = config.withBindAddress(env.get("TOCSIN_SIM_BIND_ADDRESS").strip());
        }
        String maxStored = env.get("TOCSIN_SIM_MAX_STORED_MESSAGES");
        if (isSet(maxStored)) {
            config = config.withMaxStoredMessages(parse(maxStored, "TOCSIN_SIM_MAX_STORED_MESSAGES"));
        }
        return config;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static int parse(String value, String name) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }
}
