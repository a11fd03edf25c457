package org.tocsin.contracts;

/** The channel a message travels on. */
public enum Channel {
    SMS,
    WHATSAPP
}
