package org.tocsin.contracts;

import java.time.Instant;
import java.util.Set;

/**
 * An API user was created, changed or disabled by an ADMIN. Compacted, keyed by user name: every
 * service rebuilds its user store from this topic, so a user added once can sign in everywhere.
 *
 * @param name         the user name
 * @param passwordHash the password, encoded ({@code {bcrypt}…}); never the password itself
 * @param roles        COORDINATOR, ANALYST and/or ADMIN
 * @param enabled      false once disabled: the user can no longer sign in
 * @param changedBy    the ADMIN who made the change
 * @param occurredAt   when
 */
public record ApiUserChanged(String name, String passwordHash, Set<String> roles, boolean enabled, String changedBy,
                             Instant occurredAt) {
}
