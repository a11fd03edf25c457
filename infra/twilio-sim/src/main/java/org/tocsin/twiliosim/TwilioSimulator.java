package org.tocsin.twiliosim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tocsin.twiliosim.http.ThreadPerConnectionServer;
import org.tocsin.twiliosim.messages.MessageRecord;
import org.tocsin.twiliosim.messages.MessageStore;
import org.tocsin.twiliosim.messages.MessagesApi;
import org.tocsin.twiliosim.messages.Refusals;
import org.tocsin.twiliosim.optout.OptOutRegistry;
import org.tocsin.twiliosim.webhook.WebhookClient;

/**
 * A running Twilio-compatible simulator: Twilio's Messages API at {@link #baseUrl()} (use it in
 * place of {@code https://api.twilio.com}), signed status callbacks and inbound webhooks, and a
 * control API under {@code /sim/} that the Java methods below mirror.
 *
 * <pre>{@code
 * try (TwilioSimulator twilio = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0))) {
 *     twilio.sendInbound("+447700900123", "+15005550006", "JOIN");
 *     ...
 *     assertThat(twilio.sentMessages("+447700900123")).hasSize(1);
 * }
 * }</pre>
 */
public final class TwilioSimulator implements AutoCloseable {

    /** What Twilio answers a STOP with, by itself (its default opt-out handling). */
    public static final String TWILIO_STOP_REPLY = InboundMessages.STOP_REPLY;

    /**
     * {@code -Dtocsin.twiliosim.jdk-http-server=true} serves the APIs with the JDK's own HTTP server
     * instead of {@link ThreadPerConnectionServer}, to compare the two side by side.
     */
    public static final String JDK_HTTP_SERVER_PROPERTY = "tocsin.twiliosim.jdk-http-server";

    /** Webhook POSTs in flight at once (status callbacks and inbound messages together). */
    static final int MAX_WEBHOOKS_IN_FLIGHT = 256;
    /** Messages whose delivery may be under way at once; a send waits for room beyond it. */
    static final int MAX_PENDING_DELIVERIES = 50_000;

    private static final System.Logger LOG = System.getLogger(TwilioSimulator.class.getName());

    private final SimulatorConfig config;
    private final HttpServer server;
    private final ExecutorService requestExecutor; // the JDK server's only
    private final MessageStore store;
    private final Refusals refusals;
    private final OptOutRegistry optOuts = new OptOutRegistry();
    private final WebhookClient webhooks;
    private final MessagesApi messagesApi;
    private final InboundMessages inbound;
    private final String baseUrl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Behaviour behaviour = Behaviour.defaults();

    private TwilioSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.store = new MessageStore(config.maxStoredMessages());
        this.refusals = new Refusals(config.maxStoredMessages());
        this.webhooks = new WebhookClient(config.authToken(), MAX_WEBHOOKS_IN_FLIGHT);
        this.messagesApi = new MessagesApi(config.accountSid(), config.authToken(), store, refusals, optOuts, webhooks,
                () -> behaviour, MAX_PENDING_DELIVERIES);
        this.inbound = new InboundMessages(config.accountSid(), config.inboundWebhookUrl(), store, optOuts, webhooks);
        InetAddress bindAddress = InetAddress.getByName(config.bindAddress());
        InetSocketAddress address = new InetSocketAddress(bindAddress, config.port());
        if (Boolean.getBoolean(JDK_HTTP_SERVER_PROPERTY)) {
            this.server = HttpServer.create(address, 1024);
            this.requestExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("twilio-sim-http-", 0).factory());
            server.setExecutor(requestExecutor);
        } else {
            this.server = ThreadPerConnectionServer.create(address, 1024, "twilio-sim-http-");
            this.requestExecutor = null;
        }
        server.createContext(MessagesApi.PREFIX, messagesApi);
        server.createContext(ControlApi.PREFIX, new ControlApi(this));
        server.start();
        String host = bindAddress.isAnyLocalAddress() || bindAddress.isLoopbackAddress()
                ? "127.0.0.1"
                : bindAddress.getHostAddress();
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
    }

    /** Starts a simulator; fails with {@link UncheckedIOException} when the port cannot be bound. */
    public static TwilioSimulator start(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            TwilioSimulator simulator = new TwilioSimulator(config);
            LOG.log(System.Logger.Level.INFO, "Twilio simulator listening on {0}", simulator.baseUrl());
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Twilio simulator on " + config.bindAddress() + ":"
                    + config.port(), e);
        }
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: Twilio's API base URL for clients of the simulator. */
    public String baseUrl() {
        return baseUrl;
    }

    public SimulatorConfig config() {
        return config;
    }

    /**
     * Everything {@code phone} received from the system's numbers, oldest first: what the system sent
     * and Twilio's own replies (its STOP confirmation).
     */
    public List<SimulatedMessage> receivedMessages(String phone) {
        return store.list(message -> message.reachesPhone() && phone.equals(message.to()))
                .stream()
                .map(TwilioSimulator::simulated)
                .toList();
    }

    /** How many messages the simulator holds, in either direction: a cheap count to wait on. */
    public int storedMessages() {
        return store.size();
    }

    /** Messages the system sent (Messages API), oldest first; {@code to == null} means all. */
    public List<SimulatedMessage> sentMessages(String to) {
        return store.list(message -> message.isOutbound() && (to == null || to.equals(message.to())))
                .stream()
                .map(TwilioSimulator::simulated)
                .toList();
    }

    /**
     * Sends the Messages API refused (no message was created), oldest first; {@code to == null}
     * means all. The simulator keeps the latest {@link SimulatorConfig#maxStoredMessages()}.
     */
    public List<RefusedSend> refusedSends(String to) {
        return refusals.list(to);
    }

    /** Changes how the simulated provider behaves from the next request on. */
    public void behaviour(Behaviour behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /**
     * A phone texts {@code to}: applies Twilio's opt-out keywords, then POSTs a signed inbound
     * webhook to the configured URL and waits for its answer.
     *
     * @throws IllegalArgumentException when {@code from} or {@code to} is not an E.164 number or
     *     {@code body} is null
     */
    public InboundResult sendInbound(String from, String to, String body) {
        return inbound.deliver(from, to, body);
    }

    /**
     * Keeps at most {@code most} messages from now on (the API's, the control API's and this class's
     * lists see no others), the oldest forgotten first, until {@link #reset()} restores
     * {@link SimulatorConfig#maxStoredMessages()}: a load test that reads none of them keeps few, so they
     * do not fill the heap of the JVM it shares with what it measures.
     *
     * @throws IllegalArgumentException when {@code most} is under 1
     */
    public void keepMessages(int most) {
        store.keepAtMost(most);
    }

    /**
     * Forgets every message, opt-out and rate window, restores the default behaviour and how many
     * messages it keeps.
     */
    public void reset() {
        behaviour = Behaviour.defaults();
        store.clear();
        store.keepAtMost(config.maxStoredMessages());
        refusals.clear();
        optOuts.clear();
        messagesApi.reset();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        messagesApi.close();
        webhooks.close();
        if (requestExecutor != null) {
            requestExecutor.shutdownNow();
        }
    }

    private static SimulatedMessage simulated(MessageRecord message) {
        return new SimulatedMessage(message.sid(), message.to(), message.from(), message.messagingServiceSid(),
                message.body(), message.status(), message.segments(), message.errorCode(), message.dateCreated(),
                message.sequence());
    }
}
