package org.tocsin.platform.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces repeat exception messages, which may carry a phone number: masked like messages. */
public class MaskedThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return PhoneMasking.maskAll(super.throwableProxyToString(tp));
    }
}
