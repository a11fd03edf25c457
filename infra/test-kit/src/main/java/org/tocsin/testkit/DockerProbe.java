package org.tocsin.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers. Testcontainers' own probe tries several strategies and can take
 * seconds; without any sign of an engine (DOCKER_HOST, a known socket, a Testcontainers config) we skip it.
 */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean dockerAvailable() {
        return dockerAvailable(System.getenv(), Files::exists, () -> DockerClientFactory.instance().isDockerAvailable());
    }

    static boolean dockerAvailable(Map<String, String> env, Predicate<Path> exists, BooleanSupplier testcontainers) {
        if (!engineHinted(env, exists)) {
            return false;
        }
        try {
            return testcontainers.getAsBoolean();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static boolean engineHinted(Map<String, String> env, Predicate<Path> exists) {
        if (!env.getOrDefault("DOCKER_HOST", "").isBlank()) {
            return true;
        }
        return candidateSockets(env).stream().anyMatch(exists);
    }

    private static List<Path> candidateSockets(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock")));
        String home = env.getOrDefault("HOME", System.getProperty("user.home", ""));
        if (!home.isBlank()) {
            candidates.add(Path.of(home, ".docker", "run", "docker.sock"));
            candidates.add(Path.of(home, ".docker", "desktop", "docker.sock"));
            candidates.add(Path.of(home, ".colima", "default", "docker.sock"));
            candidates.add(Path.of(home, ".rd", "docker.sock"));
            candidates.add(Path.of(home, ".testcontainers.properties"));
        }
        String runtimeDir = env.getOrDefault("XDG_RUNTIME_DIR", "");
        if (!runtimeDir.isBlank()) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
            candidates.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return candidates;
    }
}
