package org.tocsin.dispatch.alert;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A new urgent action. Values arrive as text and are parsed here, so every malformed one is answered
 * with a 400 naming its field.
 */
record CreateAlertRequest(
        @Schema(description = "Shown to coordinators and analysts, never sent", example = "Free Ana Tomás")
        @NotBlank(message = "must not be empty") @Size(max = 200, message = "at most 200 characters") String title,
        @Schema(description = "The text, at most 1600 characters; {{first_name}} (or {{first_name|fallback}}) is "
                + "replaced per supporter", example = "Hi {{first_name}}, Ana is on trial tomorrow. Reply YES to sign.")
        @NotBlank(message = "must not be empty") String body,
        @Schema(description = "Lists to send to (ids announced by subscriber-service); a supporter on several gets one message")
        List<String> listIds,
        @Schema(description = "SMS (default) or WHATSAPP", example = "SMS") String channel,
        @Schema(description = "ISO-8601 duration during which replies count as responses (default PT72H)",
                example = "PT48H") String replyWindow,
        @Schema(description = "ISO-8601 instant to send at, in the future; absent: sent when triggered",
                example = "2030-05-01T09:00:00Z") String scheduledAt,
        @Schema(description = "Sent once to a supporter who responds (plain text, no placeholders)")
        @Size(max = 1600, message = "at most 1600 characters") String thanksText) {
}
