package org.tocsin.dispatch.stats;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/alerts/{id}/stats for analysts, coordinators and admins. */
@RestController
@Tag(name = "Urgent actions")
class StatsController {

    private final StatsQueries queries;

    StatsController(StatsQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/alerts/{id}/stats")
    @PreAuthorize("hasAnyRole('ANALYST', 'COORDINATOR', 'ADMIN')")
    @Operation(summary = "The funnel: targeted, suppressed, sent, delivered, failed, replied, opted out since, reply times")
    public StatsView stats(@PathVariable UUID id) {
        return queries.stats(id);
    }
}
