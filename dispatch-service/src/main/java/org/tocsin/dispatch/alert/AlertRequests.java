package org.tocsin.dispatch.alert;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Channel;
import org.tocsin.dispatch.api.ApiException;
import org.tocsin.dispatch.api.FieldProblem;
import org.tocsin.dispatch.list.KnownLists;
import org.tocsin.dispatch.template.MessageTemplate;

/** Turns API input into checked values, or a 400 that names every bad field at once. */
@Component
class AlertRequests {

    /** Twilio's limit for one message body. */
    static final int MAX_BODY_CHARACTERS = 1600;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");

    /** A draft that passed every check. */
    record ValidDraft(String title, String body, List<UUID> listIds, Channel channel, Duration replyWindow,
                      Instant scheduledAt, String thanksText) {
    }

    private final Validator validator;
    private final KnownLists knownLists;
    private final AlertProperties properties;

    AlertRequests(Validator validator, KnownLists knownLists, AlertProperties properties) {
        this.validator = validator;
        this.knownLists = knownLists;
        this.properties = properties;
    }

    ValidDraft draft(CreateAlertRequest request) {
        if (request == null) {
            throw ApiException.badInput("body", "a JSON object is required");
        }
        List<FieldProblem> errors = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (ConstraintViolation<CreateAlertRequest> v : validator.validate(request)) {
            errors.add(new FieldProblem(v.getPropertyPath().toString(), v.getMessage()));
            reported.add(v.getPropertyPath().toString());
        }
        if (!reported.contains("body")) {
            checkBody(request.body(), errors);
        }
        List<UUID> lists = listIds(request.listIds(), errors);
        Channel channel = channel(request.channel(), errors);
        Duration replyWindow = replyWindow(request.replyWindow(), errors);
        Instant scheduledAt = scheduledAt(request.scheduledAt(), errors);
        String thanks = request.thanksText() == null || request.thanksText().isBlank() ? null : request.thanksText().strip();
        if (thanks != null && !reported.contains("thanksText")) {
            checkThanks(thanks, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.badInput(errors);
        }
        return new ValidDraft(request.title().strip(), request.body(), lists, channel, replyWindow, scheduledAt, thanks);
    }

    /** An E.164 phone number, or a 400 naming {@code field}. */
    String phone(String phone, String field) {
        if (phone == null || phone.isBlank()) {
            throw ApiException.badInput(field, "required: an E.164 number such as +447700900123");
        }
        if (!E164.matcher(phone.strip()).matches()) {
            throw ApiException.badInput(field, "not an E.164 number (+ country code and number, 8 to 15 digits)");
        }
        return phone.strip();
    }

    /** A usable Idempotency-Key, null when none was sent. */
    String idempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
            throw ApiException.badInput("Idempotency-Key",
                    "1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters, e.g. a UUID");
        }
        return key;
    }

    private static void checkBody(String body, List<FieldProblem> errors) {
        int characters = body.codePointCount(0, body.length());
        if (characters > MAX_BODY_CHARACTERS) {
            errors.add(new FieldProblem("body", "at most " + MAX_BODY_CHARACTERS + " characters (has " + characters + ")"));
            return;
        }
        try {
            MessageTemplate.parse(body);
        } catch (MessageTemplate.InvalidTemplateException e) {
            errors.add(new FieldProblem("body", e.getMessage()));
        }
    }

    private static void checkThanks(String thanks, List<FieldProblem> errors) {
        try {
            if (MessageTemplate.parse(thanks).personalised()) {
                errors.add(new FieldProblem("thanksText", "placeholders are not filled in the thanks text"));
            }
        } catch (MessageTemplate.InvalidTemplateException e) {
            errors.add(new FieldProblem("thanksText", e.getMessage()));
        }
    }

    private List<UUID> listIds(List<String> raw, List<FieldProblem> errors) {
        if (raw == null || raw.isEmpty()) {
            errors.add(new FieldProblem("listIds", "at least one list is required"));
            return List.of();
        }
        Map<UUID, Integer> positions = new java.util.LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                positions.putIfAbsent(UUID.fromString(String.valueOf(raw.get(i)).strip()), i);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem("listIds[" + i + "]", "not a list id (a UUID)"));
            }
        }
        Set<UUID> unknown = knownLists.unknown(positions.keySet());
        positions.forEach((id, i) -> {
            if (unknown.contains(id)) {
                errors.add(new FieldProblem("listIds[" + i + "]", "unknown list " + id));
            }
        });
        return List.copyOf(new LinkedHashSet<>(positions.keySet()));
    }

    private static Channel channel(String raw, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            return Channel.SMS;
        }
        try {
            return Channel.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldProblem("channel", "SMS or WHATSAPP"));
            return Channel.SMS;
        }
    }

    private Duration replyWindow(String raw, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            return properties.defaultReplyWindow();
        }
        try {
            Duration window = Duration.parse(raw.strip());
            if (window.isNegative() || window.isZero()) {
                errors.add(new FieldProblem("replyWindow", "must be positive"));
            } else if (window.compareTo(properties.maxReplyWindow()) > 0) {
                errors.add(new FieldProblem("replyWindow", "at most " + properties.maxReplyWindow()));
            }
            return window;
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem("replyWindow", "an ISO-8601 duration such as PT72H"));
            return null;
        }
    }

    private static Instant scheduledAt(String raw, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem("scheduledAt", "an ISO-8601 date-time with offset such as 2030-05-01T09:00:00Z"));
            return null;
        }
        if (!at.isAfter(Instant.now())) {
            errors.add(new FieldProblem("scheduledAt", "must be in the future"));
        }
        return at;
    }
}
