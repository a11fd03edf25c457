package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class DockerProbeTest {

    private final AtomicBoolean asked = new AtomicBoolean();

    @Test
    void withoutAnySignOfAnEngineTestcontainersIsNotAsked() {
        boolean available = DockerProbe.dockerAvailable(Map.of("HOME", "/home/dev"), path -> false, () -> {
            asked.set(true);
            return true;
        });

        assertThat(available).isFalse();
        assertThat(asked).isFalse();
    }

    @Test
    void dockerHostOrAKnownSocketMakesItAsk() {
        assertThat(DockerProbe.dockerAvailable(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375"), path -> false,
                () -> true)).isTrue();
        assertThat(DockerProbe.dockerAvailable(Map.of(), path -> path.equals(Path.of("/var/run/docker.sock")),
                () -> true)).isTrue();
        assertThat(DockerProbe.engineHinted(Map.of("HOME", "/home/dev"),
                path -> path.equals(Path.of("/home/dev/.docker/run/docker.sock")))).isTrue();
        assertThat(DockerProbe.engineHinted(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"),
                path -> path.equals(Path.of("/run/user/1000/docker.sock")))).isTrue();
    }

    @Test
    void anEngineThatDoesNotAnswerOrAProbeThatThrowsMeansNoDocker() {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix:///var/run/docker.sock");
        assertThat(DockerProbe.dockerAvailable(env, path -> true, () -> false)).isFalse();
        assertThat(DockerProbe.dockerAvailable(env, path -> true, () -> {
            throw new IllegalStateException("Could not find a valid Docker environment");
        })).isFalse();
    }
}
