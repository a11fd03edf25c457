package org.tocsin.dispatch.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.dispatch.consent.ConsentView;
import org.tocsin.dispatch.template.MessageTemplate;
import org.tocsin.dispatch.template.PersonalisationProperties;

/**
 * Audience, size and cost of an action before it is sent. Rather than guess a worst case, it counts
 * every recipient's own message: the audience grouped by (first name, phone prefix) is small next to
 * the audience itself, and each group's message is rendered and counted once. The reported
 * per-message size is the costliest of them.
 */
@Component
class AlertPreviewer {

    private static final String DEFAULT_PREFIX = "default";

    private final AlertStore store;
    private final ConsentView consent;
    private final PricingProperties pricing;
    private final PersonalisationProperties personalisation;
    private final Map<String, BigDecimal> smsPrices = new HashMap<>();
    private final int longestPrefix;

    AlertPreviewer(AlertStore store, ConsentView consent, PricingProperties pricing,
                   PersonalisationProperties personalisation) {
        this.store = store;
        this.consent = consent;
        this.pricing = pricing;
        this.personalisation = personalisation;
        pricing.smsPerSegment().forEach((prefix, price) -> smsPrices.put(prefix.replaceAll("\\D", ""), price));
        this.longestPrefix = Math.max(3, smsPrices.keySet().stream().mapToInt(String::length).max().orElse(0));
    }

    PreviewView preview(UUID id) {
        Alert alert = store.get(id);
        MessageTemplate template = MessageTemplate.parse(alert.body());
        boolean whatsapp = alert.channel() == Channel.WHATSAPP;
        var tally = new Tally();
        // one extra character for the '+' of E.164
        consent.forEachNameAndPrefix(alert.listIds(), longestPrefix + 1, (firstName, phonePrefix, recipients) -> {
            SmsSegments.Count count = SmsSegments.count(template.render(firstName, personalisation));
            int units = whatsapp ? 1 : count.segments();
            tally.add(count, recipients, units, price(phonePrefix, whatsapp));
        });
        String basis = !template.personalised() ? "NOT_PERSONALISED" : "LONGEST_IN_AUDIENCE";
        if (tally.worst == null) {
            tally.worst = SmsSegments.count(template.render(null, personalisation));
            basis = template.personalised() ? "FALLBACK_NAME" : basis;
        }
        var perMessage = new PreviewView.MessageSize(tally.worst.encoding(), tally.worst.units(),
                whatsapp ? 1 : tally.worst.segments(), basis, personalisation.maxFirstNameLength());
        List<PreviewView.PrefixCost> byPrefix = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (var entry : tally.byPrefix.entrySet()) {
            PrefixTally t = entry.getValue();
            BigDecimal amount = t.price.multiply(BigDecimal.valueOf(t.units)).setScale(4, RoundingMode.HALF_UP);
            byPrefix.add(new PreviewView.PrefixCost(entry.getKey(), t.recipients, t.units, t.price, amount));
            total = total.add(amount);
        }
        var cost = new PreviewView.Cost(pricing.currency(), total.setScale(4, RoundingMode.HALF_UP),
                whatsapp ? "WHATSAPP_MESSAGE" : "SMS_SEGMENT", byPrefix);
        return new PreviewView(id, alert.channel(), tally.recipients, perMessage, tally.byEncoding, tally.units, cost);
    }

    private record Price(String prefix, BigDecimal perUnit) {
    }

    private Price price(String phonePrefix, boolean whatsapp) {
        if (whatsapp) {
            return new Price(DEFAULT_PREFIX, pricing.whatsappPerMessage());
        }
        String digits = phonePrefix == null ? "" : phonePrefix.replaceAll("\\D", "");
        for (int length = Math.min(longestPrefix, digits.length()); length > 0; length--) {
            BigDecimal price = smsPrices.get(digits.substring(0, length));
            if (price != null) {
                return new Price("+" + digits.substring(0, length), price);
            }
        }
        return new Price(DEFAULT_PREFIX, pricing.smsDefaultPerSegment());
    }

    private static final class PrefixTally {
        long recipients;
        long units;
        BigDecimal price;
    }

    private static final class Tally {
        long recipients;
        long units;
        SmsSegments.Count worst;
        final Map<SmsSegments.Encoding, Long> byEncoding = new EnumMap<>(SmsSegments.Encoding.class);
        final Map<String, PrefixTally> byPrefix = new TreeMap<>();

        Tally() {
            for (SmsSegments.Encoding encoding : SmsSegments.Encoding.values()) {
                byEncoding.put(encoding, 0L);
            }
        }

        void add(SmsSegments.Count count, long n, int unitsEach, Price price) {
            recipients += n;
            units += n * unitsEach;
            byEncoding.merge(count.encoding(), n, Long::sum);
            if (worst == null || count.segments() > worst.segments()
                    || (count.segments() == worst.segments() && count.units() > worst.units())) {
                worst = count;
            }
            PrefixTally t = byPrefix.computeIfAbsent(price.prefix(), p -> new PrefixTally());
            t.recipients += n;
            t.units += n * unitsEach;
            t.price = price.perUnit();
        }
    }
}
