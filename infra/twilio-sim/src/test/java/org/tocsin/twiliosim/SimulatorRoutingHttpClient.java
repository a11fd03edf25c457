package org.tocsin.twiliosim;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

/**
 * The Twilio SDK has no base-URL option: this client sends what the SDK addresses to
 * {@code https://api.twilio.com} to the simulator instead, unchanged otherwise.
 */
final class SimulatorRoutingHttpClient extends NetworkHttpClient {

    private static final String TWILIO_API = "https://api.twilio.com";

    private final String baseUrl;

    SimulatorRoutingHttpClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A REST client for {@code accountSid}/{@code authToken} that talks to the simulator. */
    static TwilioRestClient restClient(TwilioSimulator simulator, String accountSid, String authToken) {
        return new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new SimulatorRoutingHttpClient(simulator.baseUrl()))
                .build();
    }

    static TwilioRestClient restClient(TwilioSimulator simulator) {
        return restClient(simulator, simulator.config().accountSid(), simulator.config().authToken());
    }

    @Override
    public Response makeRequest(Request request) {
        String url = request.getUrl();
        if (!url.startsWith(TWILIO_API)) {
            throw new IllegalStateException("unexpected Twilio URL " + url);
        }
        Request routed = new Request(request.getMethod(), baseUrl + url.substring(TWILIO_API.length()));
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> routed.addQueryParam(name, v)));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> routed.addPostParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> routed.addHeaderParam(name, v)));
        if (request.getAuthStrategy() != null) {
            routed.setAuth(request.getAuthStrategy());
        } else {
            routed.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            routed.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            routed.setBody(request.getBody());
        }
        routed.setUserAgentExtensions(request.getUserAgentExtensions());
        return super.makeRequest(routed);
    }
}
