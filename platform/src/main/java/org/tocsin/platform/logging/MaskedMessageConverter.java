package org.tocsin.platform.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %msg} that masks phone numbers; registered as {@code %maskedMsg} in logback-spring.xml. */
public class MaskedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PhoneMasking.maskAll(super.convert(event));
    }
}
