package org.tocsin.subscriber.outgoing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the service texts back, per language ({@code tocsin.subscriber.replies.texts.<language>.<text>},
 * e.g. {@code TOCSIN_SUBSCRIBER_REPLIES_TEXTS_EN_HELP}). A text missing in a language falls back to
 * {@code fallback-language}, which must have them all. {@code {list}} stands for a list's name.
 *
 * @param fallbackLanguage the language used when the supporter's is unknown or lacks a text
 * @param texts            by ISO 639-1 language code
 */
@ConfigurationProperties("tocsin.subscriber.replies")
public record ReplyTexts(@DefaultValue("en") String fallbackLanguage, Map<String, Texts> texts) {

    /** One language's texts; null means "use the fallback language's". */
    public record Texts(String joined, String confirmPrompt, String stopped, String leftList, String help, String hint,
                        String thanks) {
    }

    private static final List<Function<Texts, String>> ALL = List.of(Texts::joined, Texts::confirmPrompt,
            Texts::stopped, Texts::leftList, Texts::help, Texts::hint, Texts::thanks);

    public ReplyTexts {
        texts = texts == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(texts));
        Texts fallback = texts.get(fallbackLanguage);
        if (fallback == null || ALL.stream().anyMatch(t -> isBlank(t.apply(fallback)))) {
            throw new IllegalStateException("tocsin.subscriber.replies.texts." + fallbackLanguage
                    + " must set every reply text (joined, confirm-prompt, stopped, left-list, help, hint, thanks)");
        }
    }

    /** The language replies go out in: the one asked for if any texts exist for it, else the fallback. */
    public String languageOrFallback(String language) {
        return language != null && texts.containsKey(language) ? language : fallbackLanguage;
    }

    public String joined(String language, String listName) {
        return text(language, Texts::joined).replace("{list}", listName);
    }

    public String confirmPrompt(String language, String listName) {
        return text(language, Texts::confirmPrompt).replace("{list}", listName);
    }

    public String stopped(String language) {
        return text(language, Texts::stopped);
    }

    public String leftList(String language, String listName) {
        return text(language, Texts::leftList).replace("{list}", listName);
    }

    public String help(String language) {
        return text(language, Texts::help);
    }

    public String hint(String language) {
        return text(language, Texts::hint);
    }

    public String thanks(String language) {
        return text(language, Texts::thanks);
    }

    private String text(String language, Function<Texts, String> which) {
        Texts own = language == null ? null : texts.get(language);
        String text = own == null ? null : which.apply(own);
        return isBlank(text) ? Objects.requireNonNull(which.apply(texts.get(fallbackLanguage))) : text;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
