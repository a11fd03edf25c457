package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJarsTest {

    private static Path jarWithStartClass(Path dir, String startClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        manifest.getMainAttributes().putValue("Start-Class", startClass);
        Path jar = dir.resolve(startClass + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    @Test
    void aJarWhoseStartClassIsTheBootLauncherWasRepackagedTwice(@TempDir Path dir) throws IOException {
        assertThat(ServiceJars.isRepackagedTwice(
                jarWithStartClass(dir, "org.springframework.boot.loader.launch.JarLauncher"))).isTrue();
        assertThat(ServiceJars.isRepackagedTwice(
                jarWithStartClass(dir, "org.tocsin.gateway.GatewayApplication"))).isFalse();
    }
}
