package org.tocsin.gateway.twilio;

import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;

/**
 * Twilio's default opt-out handling: a text that is exactly one of its keywords blocks that number
 * for the sender at once and Twilio confirms it itself, before our webhook is even called. Sends
 * from the pool's other numbers are not blocked, so the gateway suppresses the phone before it
 * answers, rather than after the subscriber service has recorded the STOP (which it still does,
 * and which stays the ledger).
 */
@Component
class TwilioOptOuts {

    // https://help.twilio.com/articles/223134027-Twilio-support-for-opt-out-keywords-SMS-STOP-filtering-
    private static final Set<String> KEYWORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");

    private final JedisPooled redis;
    private final String suppressedPhones;

    TwilioOptOuts(JedisPooled redis, RedisProperties keys) {
        this.redis = redis;
        this.suppressedPhones = keys.key(SharedRedisKeys.SUPPRESSED_PHONES);
    }

    /** Whether Twilio treats {@code body} as an opt-out: the whole text, trimmed, in any case. */
    static boolean isOptOut(String body) {
        return body != null && KEYWORDS.contains(body.strip().toUpperCase(Locale.ROOT));
    }

    /** From now on the gateway refuses every send to {@code phone} but its STOP confirmation. */
    void suppress(String phone) {
        redis.sadd(suppressedPhones, phone);
    }
}
