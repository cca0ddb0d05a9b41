package io.cairn.relay.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shipper's meters. Upload counters carry a {@code kind} tag (segment, snapshot, meta) so a
 * dashboard can tell log traffic from snapshot traffic; summing over the tag gives the totals.
 */
final class ShipperMetrics {

    enum Kind { SEGMENT, SNAPSHOT, META }

    private final MeterRegistry registry;
    private final Map<Kind, Counter> uploads = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> uploadedBytes = new EnumMap<>(Kind.class);
    private final Counter failures;
    private final Gauge backlogBytes;

    ShipperMetrics(MeterRegistry registry, Supplier<Number> backlogBytes) {
        this.registry = registry;
        for (Kind kind : Kind.values()) {
            String tag = kind.name().toLowerCase(Locale.ROOT);
            uploads.put(kind, Counter.builder("cairn_relay_uploads").tag("kind", tag)
                    .description("objects uploaded to the object store").register(registry));
            uploadedBytes.put(kind, Counter.builder("cairn_relay_uploaded_bytes").tag("kind", tag).baseUnit("bytes")
                    .description("compressed bytes uploaded to the object store").register(registry));
        }
        this.failures = Counter.builder("cairn_relay_upload_failures")
                .description("failed upload attempts (each is retried)").register(registry);
        this.backlogBytes = Gauge.builder("cairn_relay_backlog_bytes", backlogBytes)
                .baseUnit("bytes").description("captured bytes not yet in the object store, all objects")
                .register(registry);
    }

    void uploaded(Kind kind, long bytes) {
        uploads.get(kind).increment();
        uploadedBytes.get(kind).increment(bytes);
    }

    void failed() {
        failures.increment();
    }

    /** Drops the gauge, which holds a reference to the shipper's objects. */
    void close() {
        registry.remove(backlogBytes);
    }
}
