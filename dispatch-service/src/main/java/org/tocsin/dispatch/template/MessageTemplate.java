package org.tocsin.dispatch.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed urgent-action body. Placeholders are written {@code {{first_name}}}, optionally with a
 * fallback for supporters without the value: {@code {{first_name|friend}}}. Names are matched
 * ignoring case and surrounding spaces.
 */
public final class MessageTemplate {

    /** The placeholders a body may use. */
    public static final Set<String> KNOWN_PLACEHOLDERS = Set.of("first_name");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}|]*)(?:\\|([^{}]*))?}}");

    private sealed interface Part permits Literal, FirstName {
    }

    private record Literal(String text) implements Part {
    }

    private record FirstName(String fallback) implements Part {
    }

    private final List<Part> parts;

    private MessageTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** Why a body cannot be used. */
    public static final class InvalidTemplateException extends IllegalArgumentException {
        InvalidTemplateException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code body}.
     *
     * @throws InvalidTemplateException naming an unknown placeholder or an unclosed brace pair
     */
    public static MessageTemplate parse(String body) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(body);
        int at = 0;
        while (m.find()) {
            addLiteral(parts, body.substring(at, m.start()));
            String name = m.group(1).strip().toLowerCase(Locale.ROOT);
            if (!KNOWN_PLACEHOLDERS.contains(name)) {
                throw new InvalidTemplateException("unknown placeholder {{" + m.group(1).strip() + "}}; known: "
                        + String.join(", ", KNOWN_PLACEHOLDERS.stream().sorted().map(p -> "{{" + p + "}}").toList()));
            }
            parts.add(new FirstName(m.group(2) == null ? null : m.group(2).strip()));
            at = m.end();
        }
        addLiteral(parts, body.substring(at));
        return new MessageTemplate(List.copyOf(parts));
    }

    private static void addLiteral(List<Part> parts, String text) {
        if (text.contains("{{") || text.contains("}}")) {
            throw new InvalidTemplateException("unclosed or malformed placeholder: write {{first_name}}");
        }
        if (!text.isEmpty()) {
            parts.add(new Literal(text));
        }
    }

    /** The text one supporter gets. */
    public String render(String firstName, PersonalisationProperties personalisation) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal literal -> out.append(literal.text());
                case FirstName name -> out.append(firstNameOrFallback(firstName, name.fallback(), personalisation));
            }
        }
        return out.toString();
    }

    /** Whether rendering depends on the recipient at all. */
    public boolean personalised() {
        return parts.stream().anyMatch(FirstName.class::isInstance);
    }

    private static String firstNameOrFallback(String firstName, String fallback, PersonalisationProperties p) {
        String name = firstName == null ? "" : firstName.strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            return fallback != null ? fallback : p.firstNameFallback();
        }
        if (name.codePointCount(0, name.length()) > p.maxFirstNameLength()) {
            name = name.substring(0, name.offsetByCodePoints(0, p.maxFirstNameLength()));
        }
        return name;
    }
}
