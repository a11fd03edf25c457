package org.tocsin.subscriber.list;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/lists")
@Tag(name = "Lists")
class ListController {

    /** A new list: texting {@code keyword} joins it; {@code doubleOptIn} asks for a YES first. */
    record NewList(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = ListService.MAX_KEYWORD_LENGTH) String keyword,
                   Boolean doubleOptIn) {
    }

    record ListView(UUID id, String name, String keyword, boolean doubleOptIn, long subscribers, Instant createdAt) {
    }

    private final ListDirectory lists;
    private final ListService service;

    ListController(ListDirectory lists, ListService service) {
        this.lists = lists;
        this.service = service;
    }

    @GetMapping
    @Operation(summary = "Every list, with its keyword and how many supporters are subscribed")
    List<ListView> all() {
        var counts = lists.subscriberCounts();
        return lists.all().stream().map(l -> view(l, counts.getOrDefault(l.id(), 0L))).toList();
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Create a list (ADMIN); its keyword joins it and is announced to the other services")
    ResponseEntity<ListView> create(@Valid @RequestBody NewList body) {
        SupporterList list = service.create(body.name(), body.keyword(), Boolean.TRUE.equals(body.doubleOptIn()));
        return ResponseEntity.created(URI.create("/api/v1/lists/" + list.id())).body(view(list, 0));
    }

    private static ListView view(SupporterList l, long subscribers) {
        return new ListView(l.id(), l.name(), l.keyword(), l.doubleOptIn(), subscribers, l.createdAt());
    }
}
