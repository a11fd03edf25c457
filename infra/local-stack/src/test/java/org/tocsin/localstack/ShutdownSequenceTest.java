package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ShutdownSequence sequence = new ShutdownSequence(new PrintStream(output, true, StandardCharsets.UTF_8));
    private final List<String> stopped = new ArrayList<>();

    @Test
    void stopsInReverseOrderOfStartingEvenWhenAStepFails() {
        sequence.add("infrastructure", () -> stopped.add("infrastructure"));
        sequence.add("simulator", () -> {
            throw new IllegalStateException("port stuck");
        });
        sequence.add("services", () -> stopped.add("services"));

        sequence.run();

        assertThat(stopped).containsExactly("services", "infrastructure");
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("could not stop simulator", "port stuck");
    }

    @Test
    void runsEachStepOnce() {
        sequence.add("services", () -> stopped.add("services"));

        sequence.run();
        sequence.run();

        assertThat(stopped).containsExactly("services");
    }

    @Test
    void whatStartsAfterShutdownBeganIsStoppedAtOnce() {
        sequence.run();

        sequence.add("late simulator", () -> stopped.add("late simulator"));

        assertThat(stopped).containsExactly("late simulator");
    }
}
