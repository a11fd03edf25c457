package org.tocsin.bench;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Twilio SDK's default HTTP client, sending to the simulator instead of api.twilio.com: the naive
 * baseline uses the SDK exactly as a simple integration would (default client, default retries).
 */
final class SimulatorTwilioClient extends NetworkHttpClient {

    private final URI base;

    private SimulatorTwilioClient(URI base) {
        this.base = base;
    }

    static TwilioRestClient restClient(String accountSid, String authToken, String simulatorBaseUrl) {
        return new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new SimulatorTwilioClient(URI.create(simulatorBaseUrl)))
                .build();
    }

    @Override
    public Response makeRequest(Request original) {
        URI url = URI.create(original.getUrl());
        String target = base.toString().replaceAll("/+$", "") + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        Request copy = new Request(original.getMethod(), target);
        copy(original.getQueryParams(), copy::addQueryParam);
        copy(original.getPostParams(), copy::addPostParam);
        copy(original.getHeaderParams(), copy::addHeaderParam);
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setFormParameters(original.getFormParameters());
        return super.makeRequest(copy);
    }

    private static void copy(Map<String, List<String>> params, BiConsumer<String, String> add) {
        params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
}
