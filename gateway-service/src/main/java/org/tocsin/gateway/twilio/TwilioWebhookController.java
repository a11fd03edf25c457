package org.tocsin.gateway.twilio;

import com.twilio.security.RequestValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.Topics;
import org.tocsin.gateway.events.EventPublisher;
import org.tocsin.gateway.send.SentMessages;
import org.tocsin.gateway.webhook.ProcessOnce;
import org.tocsin.gateway.webhook.WebhookProperties;

/**
 * Twilio's webhooks: incoming messages and delivery reports. Each must carry Twilio's signature
 * over the gateway's public URL; each is acknowledged only once its event is in Kafka, and a
 * repeated one (same MessageSid, or same sid and status) is acknowledged without a second event.
 */
@RestController
@Tag(name = "Twilio webhooks", description = "Called by Twilio (or the simulator), signed with X-Twilio-Signature")
class TwilioWebhookController {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final byte[] EMPTY_TWIML_BYTES = EMPTY_TWIML.getBytes(StandardCharsets.UTF_8);
    private static final String TWIML_CONTENT_TYPE = MediaType.TEXT_XML_VALUE + ";charset=UTF-8";

    /** The public base URL the signatures cover, computed once. */
    private final String publicBase;
    private final RequestValidator validator;
    private final ProcessOnce once;
    private final EventPublisher events;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final SentMessages sentMessages;
    private final WebhookProperties webhookProperties;
    private final TwilioOptOuts optOuts;
    private final Clock clock;

    TwilioWebhookController(TwilioProperties properties, ProcessOnce once, EventPublisher events, MeterRegistry meters,
                            SentMessages sentMessages, WebhookProperties webhookProperties, TwilioOptOuts optOuts) {
        this.publicBase = TwilioWebhooks.base(properties.publicBaseUrl());
        this.optOuts = optOuts;
        this.sentMessages = sentMessages;
        this.webhookProperties = webhookProperties;
        this.validator = new RequestValidator(properties.authToken());
        this.once = once;
        this.events = events;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @PostMapping(path = TwilioWebhooks.INBOUND_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "A supporter texted one of our numbers",
            description = "Twilio's incoming-message webhook (form-encoded: MessageSid, From, To, Body, …). Publishes"
                    + " InboundMessageReceived (key: sender phone) and answers an empty TwiML <Response/> once Kafka"
                    + " has it; replies go out separately, never as TwiML. A repeated MessageSid is acknowledged"
                    + " without a second event. A text that is exactly one of Twilio's opt-out keywords (STOP,"
                    + " UNSUBSCRIBE, …) suppresses the number before the answer.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "accepted (or seen before)",
                            content = @Content(mediaType = MediaType.TEXT_XML_VALUE)),
                    @ApiResponse(responseCode = "400", description = "a required parameter is missing",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "403", description = "missing or wrong X-Twilio-Signature",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "503", description = "not stored yet; Twilio should retry",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    ResponseEntity<?> inbound(@Parameter(hidden = true) HttpServletRequest http,
                              @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        TwilioWebhookRequest request = TwilioWebhookRequest.of(http, publicBase);
        if (!request.signedWith(validator)) {
            return forbidden("inbound", request);
        }
        InboundMessageReceived event;
        try {
            event = TwilioWebhookPayloads.inbound(request.form(), clock.instant());
        } catch (TwilioWebhookPayloads.MissingParameterException e) {
            return badRequest("inbound", e);
        }
        // Twilio has already confirmed an opt-out keyword: from the answer on, nothing else may go out
        Runnable first = TwilioOptOuts.isOptOut(event.body()) ? () -> optOuts.suppress(event.from()) : () -> { };
        ResponseEntity<?> answer = publishOnce("inbound", List.of("inbound", event.providerMessageId()), first,
                Topics.INBOUND, event.from(), event);
        if (answer != null) {
            return answer;
        }
        // the same few bytes every time: written as they are, without content negotiation and a message converter
        response.setContentType(TWIML_CONTENT_TYPE);
        response.setContentLength(EMPTY_TWIML_BYTES.length);
        response.getOutputStream().write(EMPTY_TWIML_BYTES);
        return null;
    }

    @PostMapping(path = TwilioWebhooks.STATUS_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(summary = "Twilio reports what became of a message we sent",
            description = "Twilio's status callback (form-encoded: MessageSid, MessageStatus, To, ErrorCode, …) at the"
                    + " URL the gateway gave with the message, whose query carries our ids: mid (message), a (action),"
                    + " s (supporter). delivered/read, undelivered, failed and canceled become MessageStatusChanged"
                    + " (key: recipient phone); earlier steps (queued, sent, …) are acknowledged and ignored.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "accepted, ignored or seen before"),
                    @ApiResponse(responseCode = "400", description = "a required parameter is missing",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "403", description = "missing or wrong X-Twilio-Signature",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "503", description = "not stored yet; Twilio should retry",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    ResponseEntity<?> status(@Parameter(hidden = true) HttpServletRequest http) {
        TwilioWebhookRequest request = TwilioWebhookRequest.of(http, publicBase);
        if (!request.signedWith(validator)) {
            return forbidden("status", request);
        }
        Optional<TwilioWebhookPayloads.StatusReport> report;
        try {
            report = TwilioWebhookPayloads.status(request.form(), request.query(), clock.instant());
        } catch (TwilioWebhookPayloads.MissingParameterException e) {
            return badRequest("status", e);
        }
        if (report.isEmpty()) {
            String twilioStatus = request.form().getOrDefault("MessageStatus", request.form().get("SmsStatus"));
            if (!TwilioMessageStatuses.known(twilioStatus)) {
                log.warn("Ignored a Twilio status callback with an unknown MessageStatus '{}'", twilioStatus);
            } else if (!request.query().containsKey(TwilioWebhooks.MESSAGE_ID)) {
                log.info("Ignored a Twilio status callback without our message id (not sent by this gateway?)");
            }
            count("status", "ignored");
            return ResponseEntity.ok().build();
        }
        var event = report.get().event();
        awaitOurSentEvent(event.messageId());
        ResponseEntity<?> answer = publishOnce("status",
                List.of("status", event.providerMessageId(), report.get().twilioStatus()), () -> { },
                Topics.MESSAGE_STATUS, event.to() == null ? event.messageId() : event.to(), event);
        return answer != null ? answer : ResponseEntity.ok().build();
    }

    /** Twilio may report delivery before the gateway has announced SENT: let SENT go first (bounded wait). */
    private void awaitOurSentEvent(String messageId) {
        try {
            Runnable counted = () -> meters.counter("tocsin.gateway.status.waited-for-sent").increment();
            if (!sentMessages.awaitAnnounced(messageId, webhookProperties.awaitSent(), counted)) {
                log.debug("Delivery report for {} before its SENT event; publishing it anyway", messageId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Cannot check whether message {} was announced; publishing its delivery report", messageId, e);
        }
    }

    /**
     * Publishes once per id, doing {@code first} before (only the first time: a repeat of an old STOP must
     * not suppress again after a START); null when it was published (now or before), else the error answer.
     */
    private ResponseEntity<?> publishOnce(String kind, List<String> id, Runnable first, String topic, String key,
                                          Object event) {
        ProcessOnce.Turn turn;
        try {
            turn = once.claim(id.toArray(String[]::new));
        } catch (RuntimeException e) {
            log.error("Cannot check a Twilio {} webhook for repeats: Redis unavailable", kind, e);
            return unavailable(kind);
        }
        switch (turn) {
            case ProcessOnce.AlreadyDone done -> {
                count(kind, "duplicate");
                return null;
            }
            case ProcessOnce.StillInProgress busy -> {
                return unavailable(kind);
            }
            case ProcessOnce.Claimed claim -> {
                try {
                    first.run();
                    events.publish(topic, key, event);
                } catch (RuntimeException e) {
                    log.error("Could not handle a Twilio {} webhook (Redis or Kafka failed); answering 503 so Twilio"
                            + " retries", kind, e);
                    releaseQuietly(claim);
                    return unavailable(kind);
                }
                // the event is durable; the worst case is a second event if Twilio retries
                once.done(claim).whenComplete((ok, e) -> {
                    if (e != null) {
                        log.warn("Published a Twilio {} webhook's event but could not remember its id", kind, e);
                    }
                });
                count(kind, "accepted");
                return null;
            }
        }
    }

    private void releaseQuietly(ProcessOnce.Claimed claim) {
        try {
            once.release(claim);
        } catch (RuntimeException e) {
            log.warn("Could not release a webhook claim; it lapses by itself", e);
        }
    }

    private ResponseEntity<?> forbidden(String kind, TwilioWebhookRequest request) {
        // no phone numbers here: the form is not logged, only which check failed
        log.warn("Refused a Twilio {} webhook: {} X-Twilio-Signature", kind,
                request.signature() == null || request.signature().isBlank() ? "missing" : "wrong");
        count(kind, "forbidden");
        return problem(HttpStatus.FORBIDDEN, "The X-Twilio-Signature header is missing or does not match this"
                + " request (check TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_PUBLIC_BASE_URL).", null);
    }

    private ResponseEntity<?> badRequest(String kind, TwilioWebhookPayloads.MissingParameterException e) {
        count(kind, "invalid");
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(),
                List.of(Map.of("field", e.parameter(), "message", "is required")));
    }

    private ResponseEntity<?> unavailable(String kind) {
        count(kind, "unavailable");
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Not stored yet; please retry.", null);
    }

    private static ResponseEntity<?> problem(HttpStatus status, String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private void count(String kind, String result) {
        // a few kinds and results: build each counter once, not its tags on every webhook
        counters.computeIfAbsent(kind + ' ' + result, k -> Counter.builder("tocsin.gateway.webhooks")
                .description("Provider webhooks by kind and result")
                .tag("provider", TwilioWebhookPayloads.PROVIDER).tag("kind", kind).tag("result", result)
                .register(meters)).increment();
    }
}
