package org.tocsin.subscriber.reply;

import org.tocsin.contracts.ResponseKind;
import org.tocsin.subscriber.keyword.Command;

/** A reply normalised: YES and NO words in any language, anything else (a name, free text) OTHER. */
public final class ResponseKinds {

    private ResponseKinds() {
    }

    public static ResponseKind of(Command command) {
        return switch (command) {
            case Command.Confirm c -> ResponseKind.YES;
            case Command.Decline c -> ResponseKind.NO;
            default -> ResponseKind.OTHER;
        };
    }
}
