package org.tocsin.dispatch.template;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How placeholders are filled.
 *
 * @param firstNameFallback    used for {@code {{first_name}}} when a supporter gave no name (a
 *                             {@code {{first_name|there}}} placeholder brings its own)
 * @param maxFirstNameLength   longer names are cut, so one odd name cannot make a message long and costly
 */
@ConfigurationProperties("tocsin.dispatch.personalisation")
public record PersonalisationProperties(@DefaultValue("friend") String firstNameFallback,
                                        @DefaultValue("20") int maxFirstNameLength) {
}
