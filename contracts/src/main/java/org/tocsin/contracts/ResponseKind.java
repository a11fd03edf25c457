package org.tocsin.contracts;

/** A response to an urgent action, normalised. */
public enum ResponseKind {
    YES,
    NO,
    /** A name or free text: kept as written. */
    OTHER
}
