package org.tocsin.gateway.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The SDK's HTTP client, with three changes. It never retries by itself: the gateway decides what a
 * 429 or a 5xx means (throttled, retry with backoff), and both the SDK's own retry and its Apache
 * client's (a 429 or 503 is retried once after a second) would hide that and hold a send permit.
 * Its connection pool is large enough for every lane's concurrent sends (the SDK's default allows
 * 20 per host). And since the SDK has no base-URL option, it can send requests to another host (the
 * simulator) with everything else unchanged, so the real SDK runs in tests and the local stack.
 */
final class TwilioHttpClient extends NetworkHttpClient {

    private static final String TWILIO_HOST_SUFFIX = ".twilio.com";
    /** Connections to Twilio at most: above the sum of every lane's max-concurrent-sends. */
    static final int MAX_CONNECTIONS = 256;
    /** Where requests go instead of Twilio, without a trailing slash; null for Twilio itself. */
    private final String base;

    /** @param base where requests go instead of Twilio, or null for Twilio itself */
    TwilioHttpClient(URI base) {
        super(withoutRetries());
        this.base = base == null ? null : base.toString().replaceAll("/+$", "");
    }

    private static HttpClientBuilder withoutRetries() {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(30))
                        .build())
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .build();
        // Twilio's API answers uncompressed JSON (the SDK asks for Accept-Encoding: utf-8) and sets no
        // cookies; without those steps every call does a little less work
        return HttpClientBuilder.create()
                .useSystemProperties()
                .disableContentCompression()
                .disableCookieManagement()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
                        .setResponseTimeout(Timeout.ofSeconds(30))
                        .build())
                .disableAutomaticRetries();
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
        if (base == null) {
            return original;
        }
        URI url = URI.create(original.getUrl());
        if (url.getHost() == null || !url.getHost().endsWith(TWILIO_HOST_SUFFIX)) {
            return original;
        }
        String target = base + url.getRawPath()
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
