package org.tocsin.dispatch.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.dispatch.api.ApiException;

/**
 * /api/v1/alerts. COORDINATOR drafts, approves (others' actions), triggers, cancels; ANALYST reads;
 * ADMIN may do everything (but, like anyone, never approves an action they created).
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Urgent actions", description = "Draft, preview, approve, trigger and cancel urgent actions")
class AlertController {

    static final String COORDINATE = "hasAnyRole('COORDINATOR', 'ADMIN')";
    static final String READ = "hasAnyRole('COORDINATOR', 'ANALYST', 'ADMIN')";

    private final AlertService alerts;
    private final AlertPreviewer previewer;

    AlertController(AlertService alerts, AlertPreviewer previewer) {
        this.alerts = alerts;
        this.previewer = previewer;
    }

    @PostMapping
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Draft an urgent action (state DRAFT)")
    @ApiResponse(responseCode = "201", description = "Drafted")
    @ApiResponse(responseCode = "400", description = "Bad input; problem+json whose errors name each field")
    public ResponseEntity<AlertView> create(@RequestBody CreateAlertRequest request, Principal user) {
        AlertView view = alerts.create(request, user.getName());
        return ResponseEntity.created(URI.create("/api/v1/alerts/" + view.id())).body(view);
    }

    @GetMapping
    @PreAuthorize(READ)
    @Operation(summary = "Urgent actions, most recent first, with their progress")
    public AlertListView list(@RequestParam(required = false) @Parameter(description = "only this state") String state,
                              @RequestParam(defaultValue = "50") @Parameter(description = "1 to 200") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiException.badInput("limit", "1 to 200");
        }
        AlertState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = AlertState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badInput("state", "one of DRAFT, APPROVED, SENDING, COMPLETED, CANCELLED");
            }
        }
        return alerts.list(wanted, limit);
    }

    @GetMapping("/{id}")
    @PreAuthorize(READ)
    @Operation(summary = "One urgent action: state and progress counts")
    public AlertView get(@PathVariable UUID id) {
        return alerts.get(id);
    }

    @GetMapping("/{id}/preview")
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Recipients, encoding, segments and estimated cost if it were triggered now")
    public PreviewView preview(@PathVariable UUID id) {
        return previewer.preview(id);
    }

    @PostMapping("/{id}/approve")
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Approve someone else's draft (DRAFT → APPROVED)")
    @ApiResponse(responseCode = "403", description = "You created it, or your role may not approve")
    public AlertView approve(@PathVariable UUID id, Principal user) {
        return alerts.approve(id, user.getName());
    }

    @PostMapping("/{id}/trigger")
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Send it (→ SENDING), or for a scheduled action arm it for its time",
            description = "Needs prior approval by another coordinator when the audience is above "
                    + "tocsin.dispatch.second-approval-threshold. A repeated Idempotency-Key returns the first answer "
                    + "(header Idempotent-Replayed: true) and triggers nothing.")
    @ApiResponse(responseCode = "202", description = "Triggered (SENDING) or armed (APPROVED, scheduled)")
    @ApiResponse(responseCode = "409", description = "Needs approval, or already triggered, completed or cancelled")
    public ResponseEntity<AlertView> trigger(@PathVariable UUID id,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Parameter(description = "any unique string, e.g. a UUID; recommended") String idempotencyKey,
            Principal user) {
        AlertService.Triggered triggered = alerts.trigger(id, user.getName(), idempotencyKey);
        var response = ResponseEntity.status(triggered.status());
        if (triggered.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(triggered.view());
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Cancel: once this returns, nothing more of it is sent (→ CANCELLED)")
    public AlertView cancel(@PathVariable UUID id, Principal user) {
        return alerts.cancel(id, user.getName());
    }

    @PostMapping("/{id}/test-send")
    @PreAuthorize(COORDINATE)
    @Operation(summary = "Send its message once to your own phone, personalised with the given first name")
    public ResponseEntity<TestSendView> testSend(@PathVariable UUID id, @RequestBody TestSendRequest request,
                                                 Principal user) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(alerts.testSend(id, request, user.getName()));
    }
}
