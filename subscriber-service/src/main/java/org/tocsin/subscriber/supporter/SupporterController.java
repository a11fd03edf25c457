package org.tocsin.subscriber.supporter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.subscriber.api.BadRequestException;
import org.tocsin.subscriber.api.Viewer;

@RestController
@RequestMapping("/api/v1/supporters")
@Tag(name = "Supporters")
class SupporterController {

    /** A supporter as the API shows them; the phone is masked for analysts. */
    record SupporterView(UUID id, String phone, String firstName, String language, boolean optedOut,
                         Instant optedOutAt, Instant createdAt, List<SupporterRepository.ListState> lists) {
    }

    private final SupporterRepository supporters;

    SupporterController(SupporterRepository supporters) {
        this.supporters = supporters;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN', 'ANALYST')")
    @Operation(summary = "Find a supporter by phone number (E.164, e.g. +447700900123)",
            description = "Returns a list with the one matching supporter, or an empty list. Analysts see masked numbers.")
    List<SupporterView> search(@RequestParam String phone, Authentication who) {
        // an unencoded + in a query string arrives as a space (curl users rarely write %2B)
        String number = phone.startsWith(" ") ? "+" + phone.strip() : phone.strip();
        if (!PhoneNumbers.isE164(number)) {
            throw new BadRequestException("phone", "must be an E.164 number such as +447700900123");
        }
        return supporters.findByPhone(number)
                .map(s -> new SupporterView(s.id(), Viewer.phoneFor(who, s.phone()), s.firstName(), s.language(),
                        s.optedOutAt() != null, s.optedOutAt(), s.createdAt(), supporters.listsOf(s.id())))
                .stream().toList();
    }
}
