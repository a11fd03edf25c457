package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Test;

/**
 * On a machine that has never run PostgreSQL embedded, the bench unpacks its binaries first. The
 * other modules' tests usually unpack them before this one runs, so this reads the archive's first
 * entry itself, with the commons-compress and commons-io this module (and its exec jar) resolves:
 * the Twilio SDK's older commons-io once won here and the unpacking failed.
 */
class PostgresBinariesTest {

    @Test
    void theEmbeddedPostgresArchiveReadsWithThisClasspath() throws Exception {
        String system = System.getProperty("os.name").toLowerCase().contains("linux") ? "Linux" : System.getProperty("os.name");
        String architecture = System.getProperty("os.arch").equals("aarch64") ? "arm64v8" : "amd64";
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
            TarArchiveEntry first = tar.getNextEntry();
            assertThat(first).isNotNull();
            assertThat(first.getLastModifiedTime()).isNotNull();
        }
    }
}
