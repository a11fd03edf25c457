package org.tocsin.dispatch.consent;

import java.util.UUID;

/**
 * One supporter an action goes to.
 *
 * @param supporterId the supporter
 * @param phone       E.164
 * @param firstName   the name they gave, or null
 */
public record Recipient(UUID supporterId, String phone, String firstName) {
}
