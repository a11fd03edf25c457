package org.tocsin.subscriber.keyword;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tocsin.subscriber.api.BadRequestException;

@RestController
@RequestMapping("/api/v1/keywords")
@Tag(name = "Keywords")
class KeywordController {

    static final int MAX_WORD_LENGTH = 30;

    /**
     * A keyword to add. {@code language} is an ISO 639-1 code, or absent for a word several languages
     * share. {@code listId}: required for OPT_IN (the list it joins); for OPT_OUT optional (the one
     * list it leaves; absent = every list); not allowed otherwise.
     */
    record NewKeyword(@NotBlank @Size(max = MAX_WORD_LENGTH) String word,
                      @Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code such as en, ru, es") String language,
                      @NotBlank String action, String listId) {
    }

    record KeywordView(String word, String language, KeywordAction action, UUID listId) {
        static KeywordView of(Keyword k) {
            return new KeywordView(k.word(), k.language(), k.action(), k.listId());
        }
    }

    private final KeywordCatalog catalog;

    KeywordController(KeywordCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "Every keyword: word (normalised), language, action and list")
    List<KeywordView> all() {
        return catalog.all().stream().map(KeywordView::of).toList();
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    @Operation(summary = "Add a keyword (ADMIN). Words are compared without case, accents or punctuation.")
    ResponseEntity<KeywordView> add(@Valid @RequestBody NewKeyword body) {
        String word = KeywordText.normalize(body.word());
        if (!KeywordText.isSingleWord(word)) {
            throw new BadRequestException("word", "must be one word of letters and digits");
        }
        KeywordAction action = Arrays.stream(KeywordAction.values())
                .filter(a -> a.name().equalsIgnoreCase(body.action().strip()))
                .findFirst()
                .orElseThrow(() -> new BadRequestException("action",
                        "must be one of " + Arrays.toString(KeywordAction.values())));
        UUID listId = listId(body.listId(), action);
        if (catalog.exists(word)) {
            throw new BadRequestException("word", word + " is a keyword already");
        }
        Keyword keyword = new Keyword(word, body.language(), action, listId);
        catalog.add(keyword);
        return ResponseEntity.created(URI.create("/api/v1/keywords/" + word)).body(KeywordView.of(keyword));
    }

    private UUID listId(String given, KeywordAction action) {
        boolean absent = given == null || given.isBlank();
        if (absent) {
            if (action == KeywordAction.OPT_IN) {
                throw new BadRequestException("listId", "an OPT_IN keyword needs the list it joins");
            }
            return null;
        }
        if (action != KeywordAction.OPT_IN && action != KeywordAction.OPT_OUT) {
            throw new BadRequestException("listId", "only OPT_IN and OPT_OUT keywords belong to a list");
        }
        UUID id;
        try {
            id = UUID.fromString(given.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("listId", "must be a list id (UUID)");
        }
        if (!catalog.listExists(id)) {
            throw new BadRequestException("listId", "no such list");
        }
        return id;
    }
}
