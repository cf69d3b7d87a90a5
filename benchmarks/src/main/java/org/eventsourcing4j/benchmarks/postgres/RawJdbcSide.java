package org.eventsourcing4j.benchmarks.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The baseline: plain INSERTs and SELECTs on a table with the same columns (less tx_id)
 * and the indexes a minimal event table needs — primary key on position, unique event id,
 * unique (stream_id, version). No framework: each writer keeps one connection and one
 * prepared statement for its whole run and knows its stream's next version itself.
 */
final class RawJdbcSide implements Side {
    /** One row read back, as a minimal application would hold it. */
    record Row(long position, String stream, long version, UUID id, String type, int revision,
               byte[] data, String metadata, OffsetDateTime recordedAt) {
    }

    private static final String COLUMNS =
            "position, stream_id, version, event_id, event_type, revision, data, metadata, recorded_at";
    private final DataSource dataSource;
    private final String table;

    RawJdbcSide(DataSource dataSource, String schema) throws SQLException {
        this.dataSource = dataSource;
        this.table = '"' + schema + "\".raw_events";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table " + table + " ("
                    + " position bigint generated always as identity primary key,"
                    + " stream_id text not null, version bigint not null, event_id uuid not null unique,"
                    + " event_type text not null, revision int not null, data jsonb not null, metadata jsonb,"
                    + " recorded_at timestamptz not null, unique (stream_id, version))");
        }
    }

    @Override
    public String name() {
        return "raw JDBC";
    }

    @Override
    public Writer writer(String stream) throws SQLException {
        Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("insert into " + table
                + " (stream_id, version, event_id, event_type, revision, data, metadata, recorded_at)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)");
        return new Writer() {
            long version;

            @Override
            public void append(int count) throws SQLException {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                if (count == 1) {
                    bind(insert, stream, ++version, now);
                    insert.executeUpdate();
                    return;
                }
                connection.setAutoCommit(false);
                try {
                    for (int i = 0; i < count; i++) {
                        bind(insert, stream, ++version, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                } finally {
                    connection.setAutoCommit(true);
                }
            }

            @Override
            public void close() throws SQLException {
                insert.close();
                connection.close();
            }
        };
    }

    private static void bind(PreparedStatement insert, String stream, long version, OffsetDateTime now)
            throws SQLException {
        insert.setString(1, stream);
        insert.setLong(2, version);
        insert.setObject(3, Payloads.nextId());
        insert.setString(4, Payloads.TYPE);
        insert.setInt(5, 1);
        insert.setString(6, Payloads.json(version - 1));
        insert.setString(7, Payloads.metadataJson(stream));
        insert.setObject(8, now);
    }

    @Override
    public void populate(String stream, int events) throws Exception {
        try (Writer writer = writer(stream)) {
            for (int i = 0; i < events; i += 100) {
                writer.append(Math.min(100, events - i));
            }
        }
    }

    @Override
    public int load(String stream) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select " + COLUMNS + " from " + table + " where stream_id = ? order by version")) {
            query.setString(1, stream);
            try (ResultSet rs = query.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows.size();
            }
        }
    }

    @Override
    public long readLog(int pageSize) throws SQLException {
        long read = 0;
        long after = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from " + table
                     + " where position > ? order by position limit ?")) {
            while (true) {
                query.setLong(1, after);
                query.setInt(2, pageSize);
                List<Row> page = new ArrayList<>(pageSize);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        page.add(row(rs));
                    }
                }
                if (page.isEmpty()) {
                    return read;
                }
                read += page.size();
                after = page.get(page.size() - 1).position();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, UUID.class), rs.getString(5),
                rs.getInt(6), rs.getBytes(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class));
    }
}
