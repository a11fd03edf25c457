package org.tocsin.subscriber.reply;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.subscriber.api.BadRequestException;
import org.tocsin.subscriber.api.NotFoundException;
import org.tocsin.subscriber.api.Viewer;

@RestController
@Tag(name = "Responses")
class ResponseController {

    private static final Pattern ACTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    static final int MAX_LIMIT = 10_000;

    /** One supporter's response; {@code replies} counts their messages, the response counts once. */
    record ResponseView(UUID supporterId, String phone, ResponseKind kind, String text, Instant respondedAt,
                        Instant updatedAt, int replies) {
    }

    private final ResponseRepository responses;
    private final OpenActions actions;

    ResponseController(ResponseRepository responses, OpenActions actions) {
        this.responses = responses;
        this.actions = actions;
    }

    @GetMapping("/api/v1/alerts/{id}/responses")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ANALYST', 'ADMIN')")
    @Operation(summary = "Responses to an urgent action, first response first (analysts see masked numbers)")
    List<ResponseView> responses(@PathVariable String id, @RequestParam(defaultValue = "0") int offset,
                                 @RequestParam(defaultValue = "1000") int limit, Authentication who) {
        requireActionId(id);
        if (offset < 0) {
            throw new BadRequestException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        var found = responses.of(id, offset, limit);
        if (found.isEmpty() && !actions.known(id)) {
            throw new NotFoundException("No urgent action " + id + " is known here");
        }
        return found.stream().map(r -> view(r, who)).toList();
    }

    /** Whether, and how, one supporter answered: one indexed lookup, however many others responded. */
    @GetMapping("/api/v1/alerts/{id}/responses/{supporterId}")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ANALYST', 'ADMIN')")
    @Operation(summary = "One supporter's response to an urgent action (404 if they have not responded)")
    ResponseView response(@PathVariable String id, @PathVariable String supporterId, Authentication who) {
        requireActionId(id);
        UUID supporter;
        try {
            supporter = UUID.fromString(supporterId);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("supporterId", "must be a supporter id (a UUID)");
        }
        return responses.of(id, supporter)
                .map(r -> view(r, who))
                .orElseThrow(() -> new NotFoundException(actions.known(id)
                        ? "Supporter " + supporter + " has not responded to urgent action " + id
                        : "No urgent action " + id + " is known here"));
    }

    private static void requireActionId(String id) {
        if (!ACTION_ID.matcher(id).matches()) {
            throw new BadRequestException("id", "must be an urgent action id");
        }
    }

    private static ResponseView view(ResponseRepository.StoredResponse r, Authentication who) {
        return new ResponseView(r.supporterId(), Viewer.phoneFor(who, r.phone()), r.kind(), r.text(), r.respondedAt(),
                r.updatedAt(), r.replies());
    }
}
