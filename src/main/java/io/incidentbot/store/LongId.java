package io.incidentbot.store;

import org.jooq.impl.AbstractConverter;

/**
 * Row ids and the incident ids that refer to them are INTEGER columns and {@code long} in the domain;
 * jOOQ's generated classes apply this to every {@code id} and {@code incident_id} column (the pom's
 * forced types). An id past the column's range fails loudly instead of wrapping around.
 */
public final class LongId extends AbstractConverter<Integer, Long> {
    public LongId() {
        super(Integer.class, Long.class);
    }

    @Override
    public Long from(Integer id) {
        return id == null ? null : id.longValue();
    }

    @Override
    public Integer to(Long id) {
        return id == null ? null : Math.toIntExact(id);
    }
}
