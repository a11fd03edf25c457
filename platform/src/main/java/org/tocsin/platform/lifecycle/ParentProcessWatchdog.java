package org.tocsin.platform.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;

/**
 * Stops this service when the process named by {@code TOCSIN_PARENT_PID} is gone: if the local
 * stack is killed outright (no shutdown hook runs), its services must not linger.
 */
@AutoConfiguration
@ConditionalOnProperty("TOCSIN_PARENT_PID")
public class ParentProcessWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParentProcessWatchdog.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final long parentPid;
    private volatile Thread watcher;

    ParentProcessWatchdog(org.springframework.core.env.Environment environment) {
        this.parentPid = Long.parseLong(environment.getRequiredProperty("TOCSIN_PARENT_PID").strip());
    }

    @Override
    public void start() {
        watcher = Thread.ofPlatform().daemon().name("parent-watchdog").start(this::watch);
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (!alive(parentPid)) {
                    log.warn("Parent process {} is gone; shutting down", parentPid);
                    System.exit(0);
                }
                Thread.sleep(CHECK_EVERY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void stop() {
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        watcher = null;
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }
}
