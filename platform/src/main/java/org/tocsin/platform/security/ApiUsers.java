package org.tocsin.platform.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.tocsin.contracts.ApiUserChanged;

/**
 * Who may sign in: the users from configuration, overlaid by the users ADMINs manage (replicated
 * from the compacted {@code ApiUserChanged} topic). A replicated change wins over configuration,
 * so an ADMIN can disable a configured user too.
 */
public class ApiUsers implements UserDetailsService {

    private final Map<String, UserDetails> configured;
    private final Map<String, UserDetails> replicated = new ConcurrentHashMap<>();

    ApiUsers(Map<String, UserDetails> configured) {
        this.configured = Map.copyOf(configured);
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        UserDetails user = replicated.getOrDefault(name, configured.get(name));
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        // Spring Security erases credentials after sign-in: hand out a copy, keep ours intact
        return User.withUserDetails(user).build();
    }

    /** Applies one replicated change. */
    public void apply(ApiUserChanged change) {
        replicated.put(change.name(), User.withUsername(change.name())
                .password(change.passwordHash())
                .roles(change.roles().toArray(String[]::new))
                .disabled(!change.enabled())
                .build());
    }
}
