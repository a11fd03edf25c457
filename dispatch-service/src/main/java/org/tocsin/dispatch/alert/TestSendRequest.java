package org.tocsin.dispatch.alert;

import io.swagger.v3.oas.annotations.media.Schema;

/** Send the action's message once to a coordinator's own phone, to see it before approving. */
record TestSendRequest(
        @Schema(description = "E.164 number", example = "+447700900123") String phone,
        @Schema(description = "Name to fill {{first_name}} with", example = "Maria") String firstName) {
}
