package org.tocsin.subscriber.keyword;

import java.util.UUID;

/** What an inbound text asks for, before anything about the sender is known. */
public sealed interface Command {

    /** Leave {@code listId}, or every list when it is null. */
    record OptOut(Keyword keyword, UUID listId) implements Command {
        public boolean everyList() {
            return listId == null;
        }
    }

    /** Join {@code listId}; {@code firstName} is what followed the keyword ("JOIN Maria"), or null. */
    record OptIn(Keyword keyword, UUID listId, String firstName) implements Command {
    }

    record Help(Keyword keyword) implements Command {
    }

    /** YES and its synonyms. */
    record Confirm(Keyword keyword) implements Command {
    }

    /** NO and its synonyms. */
    record Decline(Keyword keyword) implements Command {
    }

    /** No keyword: free text, a name, or nothing. */
    record Unrecognised() implements Command {
    }

    /** The keyword matched, or null. */
    default Keyword matched() {
        return switch (this) {
            case OptOut c -> c.keyword();
            case OptIn c -> c.keyword();
            case Help c -> c.keyword();
            case Confirm c -> c.keyword();
            case Decline c -> c.keyword();
            case Unrecognised c -> null;
        };
    }
}
