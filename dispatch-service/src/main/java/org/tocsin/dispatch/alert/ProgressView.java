package org.tocsin.dispatch.alert;

/**
 * How far an action got.
 *
 * @param targeted        delivery rows: recipients the fan-out reached so far
 * @param handedToGateway recipients whose message Kafka acknowledged (the gateway's queue has it)
 * @param queued          not yet reported on by the gateway
 * @param sent            taken by the provider (including those delivered or undelivered since)
 * @param pages           fan-out pages done
 * @param fanoutFinished  the fan-out reached the end of the audience
 */
record ProgressView(long targeted, long handedToGateway, long queued, long sent, long delivered, long undelivered,
                    long failed, long suppressed, long cancelled, long expired, int pages, boolean fanoutFinished) {
}
