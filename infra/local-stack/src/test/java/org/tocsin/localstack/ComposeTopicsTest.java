package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tocsin.contracts.Topics;

/** docker-compose.yml creates the topics with a shell loop; this keeps its list in step with the contracts. */
class ComposeTopicsTest {

    private static final Pattern TOPIC = Pattern.compile("tocsin\\.[a-z0-9.-]+\\.v[0-9]+");

    @Test
    void composeCreatesExactlyTheContractsTopicsAndCompactsTheCompactedOnes() throws IOException {
        String compose = Files.readString(Path.of("../compose/docker-compose.yml"));

        assertThat(TOPIC.matcher(compose).results().map(MatchResult::group).distinct())
                .as("the topics kafka-init in infra/compose/docker-compose.yml creates, against Topics.ALL")
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(Topics.COMPACTED).allSatisfy(topic ->
                assertThat(compose).contains("create " + topic + " --config cleanup.policy=compact"));
    }
}
