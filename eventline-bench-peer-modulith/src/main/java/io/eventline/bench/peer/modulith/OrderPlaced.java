package io.eventline.bench.peer.modulith;

/**
 * The benchmark event as a Spring application event; Jackson writes it as the shared JSON shape.
 */
public record OrderPlaced(long seq, long ts, String orderId, String pad) {}
