package org.tocsin.platform.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The people who may use the APIs, from configuration (for instance
 * {@code TOCSIN_SECURITY_USERS_0_NAME}, {@code _PASSWORD}, {@code _ROLES}). Passwords are stored
 * encoded ({@code {bcrypt}…}); the demo profile's {@code {noop}} ones are for the local stack only.
 */
@ConfigurationProperties("tocsin.security")
public record SecurityProperties(@DefaultValue List<User> users) {

    /** One API user. */
    public record User(String name, String password, Set<Role> roles) {
    }
}
