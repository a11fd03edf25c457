package org.tocsin.twiliosim.messages;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.RefusedSend;
import org.tocsin.twiliosim.http.HttpExchanges;
import org.tocsin.twiliosim.optout.OptOutRegistry;
import org.tocsin.twiliosim.webhook.WebhookClient;

/**
 * Twilio's Messages resource under {@value #PREFIX}: {@code POST .../Messages.json} sends,
 * {@code GET .../Messages/{Sid}.json} fetches, {@code GET .../Messages.json} lists. Requests
 * need HTTP Basic with the account SID and auth token, as Twilio's do.
 */
public final class MessagesApi implements HttpHandler, AutoCloseable {

    public static final String PREFIX = "/2010-04-01/Accounts/";

    /** Twilio refuses longer bodies (error 21617). */
    static final int MAX_BODY_CHARS = 1600;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 1000;

    private static final String WHATSAPP = "whatsapp:";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");

    private static final System.Logger LOG = System.getLogger(MessagesApi.class.getName());

    private final String accountSid;
    private final byte[] authToken;
    private final MessageStore store;
    private final Refusals refusals;
    private final OptOutRegistry optOuts;
    private final Supplier<Behaviour> behaviour;
    private final SenderThrottle throttle = new SenderThrottle();
    private final DeliveryProgression delivery;

    public MessagesApi(String accountSid, String authToken, MessageStore store, Refusals refusals,
            OptOutRegistry optOuts, WebhookClient webhooks, Supplier<Behaviour> behaviour, int maxPendingDeliveries) {
        this.accountSid = accountSid;
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
        this.store = store;
        this.refusals = refusals;
        this.optOuts = optOuts;
        this.behaviour = behaviour;
        this.delivery = new DeliveryProgression(store, webhooks, maxPendingDeliveries);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getResponseHeaders().set("Twilio-Request-Id", requestId());
            route(exchange);
        } catch (HttpExchanges.BodyTooLargeException e) {
            new TwilioError(413, TwilioError.BODY_TOO_LONG, "Request body too large").send(exchange);
        } catch (IllegalArgumentException e) {
            TwilioError.badRequest(TwilioError.MALFORMED_REQUEST, "Malformed request: " + e.getMessage())
                    .send(exchange);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Messages API request failed", e);
            new TwilioError(500, TwilioError.INTERNAL, "Internal Server Error").send(exchange);
        } finally {
            exchange.close();
        }
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "RQ" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String pathAccount = slash < 0 ? rest : rest.substring(0, slash);
        if (!authenticated(exchange, pathAccount)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            TwilioError.authenticate().send(exchange);
            return;
        }
        String resource = slash < 0 ? "" : rest.substring(slash + 1);
        if (resource.equals("Messages.json")) {
            if (HttpExchanges.methodIs(exchange, "POST")) {
                create(exchange);
            } else if (HttpExchanges.methodIs(exchange, "GET")) {
                list(exchange);
            } else {
                methodNotAllowed(exchange);
            }
            return;
        }
        if (resource.startsWith("Messages/") && resource.endsWith(".json")) {
            String sid = resource.substring("Messages/".length(), resource.length() - ".json".length());
            if (!HttpExchanges.methodIs(exchange, "GET")) {
                methodNotAllowed(exchange);
                return;
            }
            MessageRecord message = MESSAGE_SID.matcher(sid).matches() ? store.find(sid) : null;
            if (message == null) {
                TwilioError.notFound(path).send(exchange);
            } else {
                HttpExchanges.sendJson(exchange, 200, MessageJson.of(message));
            }
            return;
        }
        TwilioError.notFound(path).send(exchange);
    }

    private boolean authenticated(HttpExchange exchange, String pathAccount) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean tokenMatches = MessageDigest.isEqual(
                credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8), authToken);
        return tokenMatches && credentials.substring(0, colon).equals(accountSid) && pathAccount.equals(accountSid);
    }

    private void create(HttpExchange exchange) throws IOException {
        Behaviour current = behaviour.get();
        Map<String, String> form = HttpExchanges.readForm(exchange);
        if (current.apiLatencyMillis() > 0) {
            try {
                Thread.sleep(current.apiLatencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        String to = trimToNull(form.get("To"));
        String from = trimToNull(form.get("From"));
        String messagingServiceSid = trimToNull(form.get("MessagingServiceSid"));
        String body = form.get("Body");
        String statusCallback = trimToNull(form.get("StatusCallback"));
        String validity = trimToNull(form.get("ValidityPeriod"));

        TwilioError refusal = validate(to, from, messagingServiceSid, body, statusCallback, validity);
        if (refusal == null && optOuts.isBlocked(to, from)) {
            refusal = TwilioError.badRequest(TwilioError.UNSUBSCRIBED_RECIPIENT,
                    "Attempt to send to unsubscribed recipient");
        }
        if (refusal == null && throttled(current, from != null ? from : messagingServiceSid)) {
            refusal = TwilioError.tooManyRequests();
        }
        if (refusal != null) {
            refusals.add(new RefusedSend(store.nextSequence(), to, from, messagingServiceSid, body, refusal.status(),
                    refusal.code(), Instant.now()));
            refusal.send(exchange);
            return;
        }

        Instant now = Instant.now();
        int segments = to.startsWith(WHATSAPP) ? 1 : SmsSegments.count(body).segments();
        MessageRecord message = new MessageRecord(store.nextSequence(), MessageRecord.newSid(), accountSid,
                MessageRecord.OUTBOUND_API, to, from, messagingServiceSid, body,
                messagingServiceSid != null ? "accepted" : "queued", segments, null, null, null, now, now, null,
                statusCallback, validity == null ? null : Integer.valueOf(validity));
        Runnable startDelivery = delivery.prepare(message, current);
        store.add(message);
        try {
            HttpExchanges.sendJson(exchange, 201, MessageJson.of(message));
        } finally {
            // Delivery starts once the answer is out, so callbacks rarely overtake it (as with
            // Twilio), and it starts even when the client went away: Twilio had accepted it.
            startDelivery.run();
        }
    }

    private boolean throttled(Behaviour current, String sender) {
        return current.throttleRate() > 0 && ThreadLocalRandom.current().nextDouble() < current.throttleRate()
                || !throttle.tryAcquire(sender, current.perSenderMps(), System.nanoTime());
    }

    private static TwilioError validate(String to, String from, String messagingServiceSid, String body,
            String statusCallback, String validity) {
        if (to == null) {
            return TwilioError.badRequest(TwilioError.TO_REQUIRED, "A 'To' phone number is required.");
        }
        if (!isPhoneAddress(to)) {
            return TwilioError.badRequest(TwilioError.INVALID_TO, "The 'To' number " + to
                    + " is not a valid phone number.");
        }
        if (from == null && messagingServiceSid == null) {
            return TwilioError.badRequest(TwilioError.FROM_REQUIRED,
                    "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
        }
        if (from != null && !isPhoneAddress(from) && !SHORT_CODE.matcher(from).matches()
                && !ALPHANUMERIC_SENDER.matcher(from).matches()) {
            return TwilioError.badRequest(TwilioError.INVALID_FROM, "The 'From' number " + from
                    + " is not a valid phone number, shortcode, or alphanumeric sender ID.");
        }
        if (messagingServiceSid != null && !MESSAGING_SERVICE_SID.matcher(messagingServiceSid).matches()) {
            return TwilioError.badRequest(TwilioError.INVALID_MESSAGING_SERVICE,
                    "The Messaging Service Sid " + messagingServiceSid + " is invalid.");
        }
        if (body == null || body.isEmpty()) {
            return TwilioError.badRequest(TwilioError.BODY_REQUIRED, "Message body is required.");
        }
        if (body.length() > MAX_BODY_CHARS) {
            return TwilioError.badRequest(TwilioError.BODY_TOO_LONG,
                    "The concatenated message body exceeds the 1600 character limit.");
        }
        if (statusCallback != null && !isHttpUrl(statusCallback)) {
            return TwilioError.badRequest(TwilioError.INVALID_STATUS_CALLBACK,
                    "The StatusCallback URL " + statusCallback + " is not a valid URL.");
        }
        if (validity != null && !isValidityPeriod(validity)) {
            return TwilioError.badRequest(TwilioError.INVALID_VALIDITY_PERIOD, "Invalid validity period value");
        }
        return null;
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = HttpExchanges.query(exchange);
        String to = trimToNull(query.get("To"));
        String from = trimToNull(query.get("From"));
        int pageSize = clamp(parseOr(query.get("PageSize"), DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE);
        int page = Math.max(0, parseOr(query.get("Page"), 0));

        Predicate<MessageRecord> filter = message -> (to == null || to.equals(message.to()))
                && (from == null || from.equals(message.from()));
        List<MessageRecord> matching = store.list(filter).reversed(); // Twilio lists newest first
        int start = (int) Math.min((long) page * pageSize, matching.size());
        int end = Math.min(start + pageSize, matching.size());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("end", Math.max(start, end - 1));
        json.put("first_page_uri", pageUri(to, from, pageSize, 0));
        json.put("messages", matching.subList(start, end).stream().map(MessageJson::of).toList());
        json.put("next_page_uri", end < matching.size() ? pageUri(to, from, pageSize, page + 1) : null);
        json.put("page", page);
        json.put("page_size", pageSize);
        json.put("previous_page_uri", page > 0 ? pageUri(to, from, pageSize, page - 1) : null);
        json.put("start", start);
        json.put("uri", pageUri(to, from, pageSize, page));
        HttpExchanges.sendJson(exchange, 200, json);
    }

    private String pageUri(String to, String from, int pageSize, int page) {
        StringJoiner query = new StringJoiner("&");
        if (to != null) {
            query.add("To=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        }
        if (from != null) {
            query.add("From=" + URLEncoder.encode(from, StandardCharsets.UTF_8));
        }
        query.add("PageSize=" + pageSize).add("Page=" + page);
        return PREFIX + accountSid + "/Messages.json?" + query;
    }

    private static void methodNotAllowed(HttpExchange exchange) throws IOException {
        new TwilioError(405, TwilioError.METHOD_NOT_ALLOWED, "Method not allowed").send(exchange);
    }

    /** Forgets per-sender rate windows (on reset). */
    public void reset() {
        throttle.clear();
    }

    @Override
    public void close() {
        delivery.close();
    }

    private static boolean isPhoneAddress(String address) {
        String number = address.startsWith(WHATSAPP) ? address.substring(WHATSAPP.length()) : address;
        return E164.matcher(number).matches();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isValidityPeriod(String value) {
        try {
            int seconds = Integer.parseInt(value);
            return seconds >= 1 && seconds <= 36_000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int parseOr(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
