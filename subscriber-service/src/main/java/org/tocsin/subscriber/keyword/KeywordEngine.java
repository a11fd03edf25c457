package org.tocsin.subscriber.keyword;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a supporter's text. The first word is the keyword (ignoring case, accents and surrounding
 * punctuation), the rest its argument: a name after an opt-in word, a list keyword after an opt-out
 * word. Pure: the same text and keywords always give the same command.
 *
 * <p>Precedence: opt-out and HELP words win over everything else because they are matched first and
 * no other kind of keyword may reuse them (keywords are unique); whether a YES or free text is an
 * answer to an open urgent action is decided later, and only for texts that are not opt-out, help
 * or opt-in keywords.
 */
public final class KeywordEngine {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]+$");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    static final int MAX_NAME_LENGTH = 50;

    private KeywordEngine() {
    }

    public static Command interpret(String text, KeywordSet keywords) {
        String[] parts = split(text);
        Optional<Keyword> found = parts[0].isEmpty() ? Optional.empty() : keywords.find(parts[0]);
        if (found.isEmpty()) {
            return new Command.Unrecognised();
        }
        Keyword keyword = found.get();
        String argument = parts[1];
        return switch (keyword.action()) {
            case OPT_OUT -> new Command.OptOut(keyword, keyword.listId() != null ? keyword.listId() : listNamedBy(argument, keywords));
            case OPT_IN -> new Command.OptIn(keyword, keyword.listId(), firstName(argument));
            case HELP -> new Command.Help(keyword);
            case CONFIRM -> new Command.Confirm(keyword);
            case DECLINE -> new Command.Decline(keyword);
        };
    }

    // [first word that has anything but punctuation in it, the rest as written]
    private static String[] split(String text) {
        String rest = text == null ? "" : text.strip();
        while (!rest.isEmpty()) {
            String[] parts = SEPARATORS.split(rest, 2);
            String first = parts[0];
            rest = parts.length > 1 ? parts[1].strip() : "";
            if (!KeywordText.normalize(first).isEmpty()) {
                return new String[] {first, rest};
            }
        }
        return new String[] {"", ""};
    }

    // "STOP CLIMATE" leaves only the list CLIMATE joins; anything else after STOP still stops everything.
    private static UUID listNamedBy(String argument, KeywordSet keywords) {
        String word = SEPARATORS.split(argument, 2)[0];
        return keywords.find(word)
                .filter(k -> k.action() == KeywordAction.OPT_IN && k.listId() != null)
                .map(Keyword::listId)
                .orElse(null);
    }

    private static String firstName(String argument) {
        String name = TRAILING_PUNCTUATION.matcher(SEPARATORS.matcher(argument).replaceAll(" ").strip()).replaceAll("");
        if (!LETTER.matcher(name).find()) {
            return null;
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME_LENGTH)).strip();
        }
        return name;
    }
}
