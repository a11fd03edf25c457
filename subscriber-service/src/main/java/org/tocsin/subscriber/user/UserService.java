package org.tocsin.subscriber.user;

import java.sql.Array;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.contracts.ApiUserChanged;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.outbox.Outbox;
import org.tocsin.platform.security.Role;
import org.tocsin.subscriber.api.BadRequestException;
import org.tocsin.subscriber.api.NotFoundException;

/** Creates and changes API users; each change is stored and announced in one transaction. */
@Service
class UserService {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,49}");

    record ApiUser(String name, Set<Role> roles, boolean enabled) {
    }

    private record Stored(String name, String passwordHash, Set<Role> roles, boolean enabled) {
    }

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    UserService(JdbcTemplate jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    List<ApiUser> all() {
        return jdbc.query("SELECT name, password_hash, roles, enabled FROM api_user ORDER BY name", (rs, i) -> view(stored(rs)));
    }

    @Transactional
    ApiUser create(String name, String password, Set<Role> roles, String admin) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("name", "must be 3 to 50 lowercase letters, digits, dots, dashes or underscores");
        }
        if (find(name).isPresent()) {
            throw new BadRequestException("name", "a user with this name exists already");
        }
        var user = new Stored(name, encode(password), checked(roles), true);
        jdbc.update("INSERT INTO api_user (name, password_hash, roles, enabled, created_by) VALUES (?, ?, ?, true, ?)",
                name, user.passwordHash(), roleArray(user.roles()), admin);
        announce(user, admin);
        return view(user);
    }

    @Transactional
    ApiUser change(String name, String password, Set<Role> roles, Boolean enabled, String admin) {
        Stored current = find(name).orElseThrow(() -> new NotFoundException("no user " + name));
        var changed = new Stored(name,
                password == null ? current.passwordHash() : encode(password),
                roles == null ? current.roles() : checked(roles),
                enabled == null ? current.enabled() : enabled);
        jdbc.update("UPDATE api_user SET password_hash = ?, roles = ?, enabled = ?, updated_at = now() WHERE name = ?",
                changed.passwordHash(), roleArray(changed.roles()), changed.enabled(), name);
        announce(changed, admin);
        return view(changed);
    }

    private Optional<Stored> find(String name) {
        return jdbc.query("SELECT name, password_hash, roles, enabled FROM api_user WHERE name = ? FOR UPDATE",
                (rs, i) -> stored(rs), name).stream().findFirst();
    }

    private void announce(Stored user, String admin) {
        Set<String> roles = user.roles().stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        outbox.publish(Topics.API_USERS, user.name(),
                new ApiUserChanged(user.name(), user.passwordHash(), roles, user.enabled(), admin, clock.instant()));
    }

    private String encode(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new BadRequestException("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return encoder.encode(password);
    }

    private static Set<Role> checked(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new BadRequestException("roles", "at least one of COORDINATOR, ANALYST, ADMIN");
        }
        return EnumSet.copyOf(roles);
    }

    private static String[] roleArray(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        Array roles = rs.getArray("roles");
        Set<Role> set = Arrays.stream((String[]) roles.getArray()).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new Stored(rs.getString("name"), rs.getString("password_hash"), set, rs.getBoolean("enabled"));
    }

    private static ApiUser view(Stored s) {
        return new ApiUser(s.name(), s.roles(), s.enabled());
    }
}
