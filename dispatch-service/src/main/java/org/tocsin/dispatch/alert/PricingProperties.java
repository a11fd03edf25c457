package org.tocsin.dispatch.alert;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The price table behind a preview's cost estimate.
 *
 * @param currency            what the prices are in
 * @param smsDefaultPerSegment price of one SMS segment to a destination with no entry below
 * @param smsPerSegment       price of one SMS segment by destination prefix: country code digits,
 *                            optionally more (e.g. {@code 44}, {@code 7}, {@code 1876}); the longest
 *                            matching prefix wins
 * @param whatsappPerMessage  price of one WhatsApp message (not segmented)
 */
@ConfigurationProperties("tocsin.dispatch.pricing")
record PricingProperties(@DefaultValue("USD") String currency,
                         @DefaultValue("0.0079") BigDecimal smsDefaultPerSegment,
                         @DefaultValue Map<String, BigDecimal> smsPerSegment,
                         @DefaultValue("0.005") BigDecimal whatsappPerMessage) {
}
