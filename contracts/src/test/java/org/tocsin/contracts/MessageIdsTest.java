package org.tocsin.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {

    // ids already stored and sent were made with the JDK's method: the values must not change
    @ParameterizedTest
    @ValueSource(strings = {"", "reply:SM0123456789abcdef0123456789abcdef",
            "9b2f0c1e-4d7a-4c55-8e8e-1f0a3b6c7d8e:00000000-0000-4000-8000-000000000001", "thanks:СТОП:Ñandú:✊"})
    void isTheJdksNameBasedUuid(String cause) {
        assertThat(MessageIds.of(cause))
                .isEqualTo(UUID.nameUUIDFromBytes(cause.getBytes(StandardCharsets.UTF_8)).toString());
    }
}
