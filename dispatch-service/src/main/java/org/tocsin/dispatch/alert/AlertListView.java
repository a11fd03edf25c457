package org.tocsin.dispatch.alert;

import java.util.List;

/** A page of actions, most recent first. */
record AlertListView(List<AlertView> alerts) {
}
