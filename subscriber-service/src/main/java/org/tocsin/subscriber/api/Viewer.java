package org.tocsin.subscriber.api;

import org.springframework.security.core.Authentication;
import org.tocsin.platform.logging.PhoneMasking;

/** Who is asking, as far as phone numbers go: analysts see them masked. */
public final class Viewer {

    private Viewer() {
    }

    /** Coordinators and admins text supporters and need the number; everyone else gets it masked. */
    public static boolean seesFullPhoneNumbers(Authentication who) {
        return who != null && who.getAuthorities().stream().map(Object::toString)
                .anyMatch(a -> a.equals("ROLE_COORDINATOR") || a.equals("ROLE_ADMIN"));
    }

    /** The number as {@code who} may see it. */
    public static String phoneFor(Authentication who, String phone) {
        return seesFullPhoneNumbers(who) ? phone : PhoneMasking.mask(phone);
    }
}
