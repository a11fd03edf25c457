package org.tocsin.twiliosim.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures are the ones Twilio's own SDK validates. */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+18005551212");
        params.put("From", "+12349013030");
        params.put("Digits", "1234");
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("Caller", "+12349013030");
        return params;
    }

    @Test
    void theSdksRequestValidatorAcceptsOurSignature() {
        String signature = new TwilioSignature(TOKEN).sign(URL, params());
        assertThat(new RequestValidator(TOKEN).validate(URL, params(), signature)).isTrue();
    }

    @Test
    void parameterOrderDoesNotMatterButEveryByteDoes() {
        TwilioSignature signer = new TwilioSignature(TOKEN);
        Map<String, String> reordered = new HashMap<>(params());
        assertThat(signer.sign(URL, reordered)).isEqualTo(signer.sign(URL, params()));

        Map<String, String> tampered = new HashMap<>(params());
        tampered.put("Digits", "1235");
        assertThat(signer.sign(URL, tampered)).isNotEqualTo(signer.sign(URL, params()));
        assertThat(signer.sign(URL + "&x=1", params())).isNotEqualTo(signer.sign(URL, params()));
        assertThat(new TwilioSignature("54321").sign(URL, params())).isNotEqualTo(signer.sign(URL, params()));
    }

    @Test
    void unicodeAndSymbolsInValuesSignAsTwilioDoes() {
        Map<String, String> params = new HashMap<>();
        params.put("Body", "Libérez Ана 😀 & co = 100% <urgent>");
        params.put("From", "+447700900123");
        params.put("NumMedia", "0");
        params.put("ToState", "");
        String url = "http://127.0.0.1:8081/webhooks/twilio/inbound";
        String signature = TwilioSignature.sign(TOKEN, url, params);

        RequestValidator validator = new RequestValidator(TOKEN);
        assertThat(validator.validate(url, params, signature)).isTrue();
        assertThat(new TwilioSignature(TOKEN).matches(url, params, signature)).isTrue();
        assertThat(new TwilioSignature(TOKEN).matches(url, params, null)).isFalse();
        assertThat(new TwilioSignature(TOKEN).matches(url, params, "AAAA")).isFalse();
    }

    @Test
    void namesSortCaseSensitivelyAsTwilioSorts() {
        // 'B' < 'a' in code-unit order; a case-insensitive sort would produce another signature.
        Map<String, String> params = new HashMap<>();
        params.put("a", "1");
        params.put("B", "2");
        String signature = TwilioSignature.sign(TOKEN, URL, params);
        assertThat(new RequestValidator(TOKEN).validate(URL, params, signature)).isTrue();
    }
}
