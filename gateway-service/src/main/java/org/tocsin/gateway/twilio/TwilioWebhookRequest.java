package org.tocsin.gateway.twilio;

import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook request as Twilio signed it: the public URL it was sent to (query included) and the POST
 * parameters. The servlet API merges query and body parameters (query values first, as the servlet
 * specification says), but Twilio's signature covers the body parameters only, so they are told apart.
 *
 * @param url       the URL Twilio posted to: public base URL + path + query string
 * @param form      the form-encoded POST parameters
 * @param query     the query parameters (ours, e.g. {@code mid} on a status callback)
 * @param signature the {@code X-Twilio-Signature} header, or null
 */
record TwilioWebhookRequest(String url, Map<String, String> form, Map<String, String> query, String signature) {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    static TwilioWebhookRequest of(HttpServletRequest request, String publicBase) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String rawQuery = request.getQueryString();
        Map<String, String> query = parseQuery(rawQuery);
        Map<String, Integer> queryCounts = countQueryNames(rawQuery);
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            int fromQuery = queryCounts.getOrDefault(name, 0);
            if (values.length > fromQuery) {
                form.put(name, values[fromQuery]);
            }
        });
        String url = publicBase + path + (rawQuery == null ? "" : "?" + rawQuery);
        return new TwilioWebhookRequest(url, Collections.unmodifiableMap(form), query,
                request.getHeader(SIGNATURE_HEADER));
    }

    /** Whether the signature is Twilio's for this URL and these parameters (HMAC-SHA1 with the auth token). */
    boolean signedWith(RequestValidator validator) {
        return signature != null && !signature.isBlank() && validator.validate(url, form, signature);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            });
        }
        return Collections.unmodifiableMap(query);
    }

    private static Map<String, Integer> countQueryNames(String rawQuery) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (rawQuery != null) {
            Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
                int eq = pair.indexOf('=');
                counts.merge(decode(eq < 0 ? pair : pair.substring(0, eq)), 1, Integer::sum);
            });
        }
        return counts;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
