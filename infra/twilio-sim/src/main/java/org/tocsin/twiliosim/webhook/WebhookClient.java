package org.tocsin.twiliosim.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tocsin.twiliosim.http.FormEncoding;

/**
 * POSTs signed, form-encoded webhooks the way Twilio does. The number of requests in flight and
 * the HTTP client's own threads are both bounded, so a slow receiver slows the simulator down
 * instead of exhausting threads, sockets or memory.
 */
public final class WebhookClient implements AutoCloseable {

    /** Twilio gives a webhook 15 seconds to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** Attempts per webhook when the connection fails before any answer. */
    static final int MAX_ATTEMPTS = 3;

    private final TwilioSignature signature;
    private final Semaphore inFlight;
    private final ExecutorService clientExecutor;
    private final HttpClient http;

    public WebhookClient(String authToken, int maxInFlight) {
        this.signature = new TwilioSignature(authToken);
        this.inFlight = new Semaphore(maxInFlight);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "twilio-sim-webhook-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.clientExecutor = executor;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientExecutor)
                .build();
    }

    /**
     * POSTs {@code params} to {@code url} with Twilio's headers and signature, and returns the
     * HTTP status the receiver answered. Blocks while the in-flight limit is reached; meant to be
     * called from virtual threads.
     */
    public int post(String url, Map<String, String> params) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "TwilioProxy/1.1")
                .header("X-Twilio-Signature", signature.sign(url, params))
                .header("I-Twilio-Idempotency-Token", UUID.randomUUID().toString())
                .header("X-Home-Region", "us1")
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params)))
                .build();
        inFlight.acquire();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (HttpTimeoutException e) {
                    throw e; // the receiver may have acted on it: a retry could duplicate it
                } catch (IOException e) {
                    // Typically a pooled keep-alive connection the receiver had already closed; the
                    // request never reached it, so sending it again on a fresh connection is safe.
                    if (attempt >= MAX_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } finally {
            inFlight.release();
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        clientExecutor.shutdownNow();
    }
}
