package io.incidentbot.store;

import org.jooq.impl.AbstractConverter;

import java.time.Instant;

/**
 * The schema stores every time as BIGINT epoch milliseconds (UTC); the code works with {@link Instant}.
 * jOOQ's generated classes apply this to every {@code *_at} column (the pom's forced types), so no
 * repository converts a time by hand.
 */
public final class EpochMillis extends AbstractConverter<Long, Instant> {
    static final EpochMillis INSTANCE = new EpochMillis();

    public EpochMillis() {
        super(Long.class, Instant.class);
    }

    @Override
    public Instant from(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public Long to(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
