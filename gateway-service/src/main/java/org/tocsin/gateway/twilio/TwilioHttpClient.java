package org.tocsin.gateway.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The SDK's HTTP client, with two changes. It never retries by itself: the gateway decides what a
 * 429 or a 5xx means (throttled, retry with backoff) and the SDK's own one-second retry would hide
 * that. And since the SDK has no base-URL option, it can send requests to another host (the
 * simulator) with everything else unchanged, so the real SDK runs in tests and the local stack.
 */
final class TwilioHttpClient extends NetworkHttpClient {

    private static final String TWILIO_HOST_SUFFIX = ".twilio.com";
    private final URI base;

    /** @param base where requests go instead of Twilio, or null for Twilio itself */
    TwilioHttpClient(URI base) {
        this.base = base;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request original) {
        return super.makeRequest(rewrite(original));
    }

    Request rewrite(Request original) {
        URI url = URI.create(original.getUrl());
        if (base == null || url.getHost() == null || !url.getHost().endsWith(TWILIO_HOST_SUFFIX)) {
            return original;
        }
        String target = base.toString().replaceAll("/+$", "") + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        Request copy = new Request(original.getMethod(), target);
        copyParams(original.getQueryParams(), copy::addQueryParam);
        copyParams(original.getPostParams(), copy::addPostParam);
        copyParams(original.getHeaderParams(), copy::addHeaderParam);
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setFormParameters(original.getFormParameters());
        return copy;
    }

    private static void copyParams(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
        params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
}
