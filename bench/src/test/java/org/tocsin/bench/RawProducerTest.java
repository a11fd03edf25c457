package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawProducerTest {

    @Test
    void aChildWithoutRunsEndsWithItsInputAndSaysNothing() throws Exception {
        var out = new ByteArrayOutputStream();

        RawProducer.serve("127.0.0.1:1", new BufferedReader(new StringReader("")), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aRunLineWithoutItsFiveFieldsIsRefusedBeforeAnyProducerStarts() {
        var out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> RawProducer.serve("127.0.0.1:1", new BufferedReader(new StringReader("topic 8 1000\n")),
                new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic partitions m keySize valueSize");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theChildIsStartedWithMinusJarOnlyFromASpringBootExecutableJar(@TempDir Path dir) throws Exception {
        Path boot = jar(dir.resolve("bench-exec.jar"), "org.tocsin.bench.BenchMain");
        Path plain = jar(dir.resolve("surefirebooter.jar"), null);

        assertThat(RawProducerProcess.isExecutableJar(boot.toString())).isTrue();
        assertThat(RawProducerProcess.isExecutableJar(plain.toString())).isFalse();
        assertThat(RawProducerProcess.isExecutableJar(boot + java.io.File.pathSeparator + plain)).isFalse();
        assertThat(RawProducerProcess.isExecutableJar(dir.resolve("missing.jar").toString())).isFalse();
        assertThat(RawProducerProcess.isExecutableJar(dir.toString())).isFalse();
    }

    private static Path jar(Path file, String startClass) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (startClass != null) {
            manifest.getMainAttributes().putValue("Start-Class", startClass);
        }
        try (var out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            // a manifest is all the check reads
        }
        return file;
    }
}
