package org.tocsin.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Checks on a service's executable jar before starting it. */
final class ServiceJars {

    private static final String BOOT_LAUNCHER_PACKAGE = "org.springframework.boot.loader.";

    private ServiceJars() {
    }

    /**
     * True when Spring Boot's repackage ran on an already repackaged jar (two plugin executions): its
     * Start-Class is then the launcher itself, which calls itself until the stack overflows.
     */
    static boolean isRepackagedTwice(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String startClass = manifest == null ? null : manifest.getMainAttributes().getValue("Start-Class");
            return startClass != null && startClass.startsWith(BOOT_LAUNCHER_PACKAGE);
        } catch (IOException e) {
            return false; // not a jar we can read: java -jar will say why
        }
    }
}
