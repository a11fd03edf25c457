package org.tocsin.subscriber.consent;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.subscriber.api.BadRequestException;
import org.tocsin.subscriber.api.NotFoundException;
import org.tocsin.subscriber.supporter.SupporterRepository;

@RestController
@Tag(name = "Supporters")
class ConsentHistoryController {

    private final ConsentLedger ledger;
    private final SupporterRepository supporters;

    ConsentHistoryController(ConsentLedger ledger, SupporterRepository supporters) {
        this.ledger = ledger;
        this.supporters = supporters;
    }

    @GetMapping("/api/v1/supporters/{id}/consents")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN', 'ANALYST')")
    @Operation(summary = "A supporter's consent ledger, oldest first: every change with its evidence",
            description = "listId null means every list (STOP). cause: OPT_IN, OPT_OUT, CONFIRM or PROVIDER_OPT_OUT.")
    List<ConsentLedger.Entry> consents(@PathVariable String id) {
        UUID supporterId;
        try {
            supporterId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("id", "must be a supporter id (UUID)");
        }
        if (supporters.findById(supporterId).isEmpty()) {
            throw new NotFoundException("No supporter " + supporterId);
        }
        return ledger.of(supporterId);
    }
}
