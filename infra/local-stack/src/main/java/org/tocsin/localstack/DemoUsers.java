package org.tocsin.localstack;

import java.util.List;

/**
 * The users the services seed under the {@code demo} profile. Written here once, for the banner; the
 * services own the seeding, so a change there must be mirrored here.
 */
final class DemoUsers {

    record DemoUser(String username, String password, String role) {
    }

    static final List<DemoUser> ALL = List.of(
            new DemoUser("coordinator", "coordinator", "COORDINATOR"),
            new DemoUser("coordinator2", "coordinator2", "COORDINATOR"),
            new DemoUser("analyst", "analyst", "ANALYST"),
            new DemoUser("admin", "admin", "ADMIN"));

    private DemoUsers() {
    }

    /** The demo password of a demo user. */
    static String passwordOf(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo user " + username)).password();
    }
}
