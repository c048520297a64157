package io.incidentbot.store;

import io.incidentbot.store.schema.DefaultSchema;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.ForeignKey;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Copies every row of every table of the bot's schema from one database to another (e.g. an SQLite
 * file into PostgreSQL), ids included, through jOOQ's generated tables: tables added by later
 * migrations are copied without changes here. Both databases are migrated to the same version
 * first ({@link Database#open}); the target must be empty. The copy is one transaction on the
 * target: it lands whole or not at all.
 */
public final class DataCopy {
    private static final int BATCH = 500;

    private DataCopy() {
    }

    /** Rows copied per table, in copy order. */
    public record Result(Map<String, Integer> rows) {
        public int total() {
            return rows.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The target already holds data: refusing to mix two databases' incidents. */
    public static final class TargetNotEmpty extends RuntimeException {
        TargetNotEmpty(String message) {
            super(message);
        }
    }

    public static Result copy(Database from, Database to, Consumer<String> progress) {
        List<Table<?>> tables = inDependencyOrder(DefaultSchema.DEFAULT_SCHEMA.getTables());
        return to.atomically(() -> {
            for (Table<?> t : tables) {
                int existing = to.with(ctx -> ctx.fetchCount(t));
                if (existing > 0) {
                    throw new TargetNotEmpty("the target database is not empty (" + t.getName() + " has " + existing
                            + " rows); copy into a new, empty database");
                }
            }
            Map<String, Integer> rows = new LinkedHashMap<>();
            for (Table<?> t : tables) {
                int n = copyTable(from, to, t);
                rows.put(t.getName(), n);
                progress.accept(t.getName() + ": " + n + (n == 1 ? " row" : " rows"));
            }
            for (Table<?> t : tables) {
                int copied = to.with(ctx -> ctx.fetchCount(t));
                if (copied != rows.get(t.getName())) {
                    throw new IllegalStateException(t.getName() + ": " + rows.get(t.getName()) + " rows read but "
                            + copied + " in the target");
                }
            }
            if (to.vendor() == Database.Vendor.POSTGRESQL) {
                to.with(DataCopy::continueIdentities);
            }
            return new Result(rows);
        });
    }

    private static <R extends Record> int copyTable(Database from, Database to, Table<R> t) {
        return from.with(src -> {
            int n = 0;
            try (Cursor<R> cursor = src.selectFrom(t).orderBy(primaryKeyOrder(t)).fetchLazy()) {
                List<R> batch = new ArrayList<>(BATCH);
                while (cursor.hasNext()) {
                    batch.add(cursor.fetchNext());
                    if (batch.size() == BATCH) {
                        n += insert(to, t, batch);
                        batch.clear();
                    }
                }
                n += insert(to, t, batch);
            }
            return n;
        });
    }

    private static <R extends Record> int insert(Database to, Table<R> t, List<R> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return to.with(ctx -> ctx.insertInto(t).columns(t.fields()).valuesOfRecords(batch).execute());
    }

    private static List<SortField<?>> primaryKeyOrder(Table<?> t) {
        UniqueKey<?> pk = t.getPrimaryKey();
        List<SortField<?>> order = new ArrayList<>();
        if (pk != null) {
            for (TableField<?, ?> f : pk.getFields()) {
                order.add(f.asc());
            }
        }
        return order;
    }

    /** Parents before children, so foreign keys hold at every insert. */
    static List<Table<?>> inDependencyOrder(List<Table<?>> tables) {
        List<Table<?>> ordered = new ArrayList<>();
        List<Table<?>> left = new ArrayList<>(tables);
        while (!left.isEmpty()) {
            boolean progressed = false;
            for (var it = left.iterator(); it.hasNext(); ) {
                Table<?> t = it.next();
                boolean ready = true;
                for (ForeignKey<?, ?> fk : t.getReferences()) {
                    Table<?> parent = fk.getKey().getTable();
                    if (!parent.getName().equals(t.getName())
                            && ordered.stream().noneMatch(o -> o.getName().equals(parent.getName()))) {
                        ready = false;
                    }
                }
                if (ready) {
                    ordered.add(t);
                    it.remove();
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("circular foreign keys among " + left);
            }
        }
        return ordered;
    }

    /**
     * PostgreSQL's identity columns hand out ids from a sequence that knows nothing of the copied
     * ids: move each past the highest id copied, so the next incident is INC-(max + 1).
     */
    private static Void continueIdentities(DSLContext ctx) {
        var columns = table(name("information_schema", "columns"));
        var tableName = field(name("table_name"), String.class);
        var columnName = field(name("column_name"), String.class);
        var identity = ctx.select(tableName, columnName).from(columns)
                .where(field(name("is_identity"), String.class).eq("YES")
                        .and(field(name("table_schema"), String.class).eq(DSL.currentSchema())))
                .fetch();
        for (var row : identity) {
            Long max = ctx.select(DSL.max(field(name(row.value2()), Long.class))).from(table(name(row.value1())))
                    .fetchOne(0, Long.class);
            if (max != null) {
                ctx.select(DSL.function("setval", Long.class,
                        DSL.function("pg_get_serial_sequence", String.class, inline(row.value1()), inline(row.value2())),
                        inline(max))).fetch();
            }
        }
        return null;
    }
}
