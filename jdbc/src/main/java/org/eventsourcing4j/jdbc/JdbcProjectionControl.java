package org.eventsourcing4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eventsourcing4j.projection.ProjectionControl;
import org.eventsourcing4j.projection.ProjectionPause;
import org.eventsourcing4j.projection.ProjectionReport;
import org.eventsourcing4j.projection.ProjectionRequest;
import org.eventsourcing4j.projection.ProjectionStatus;
import org.eventsourcing4j.store.LogPosition;
import org.eventsourcing4j.support.Checks;

/**
 * Projection control in three tables of the event store's database (SQL common to SQLite and
 * PostgreSQL), so that runners in the application and operators' tools in other processes
 * meet there: {@code <prefix>projection_status} (one row per projection and instance, written
 * by runners), {@code <prefix>projection_requests} (filed by tools, claimed and finished by
 * runners) and {@code <prefix>projection_pauses} (one row per paused projection). Created and
 * upgraded by versioned {@link #migrations(String) migrations}, component
 * {@code <prefix>projection_control}.
 *
 * <p>A claim is an update guarded by {@code claimed_by is null}: of two instances that read
 * the same pending request, one claims it (the lease normally keeps the second from trying).
 */
public final class JdbcProjectionControl implements ProjectionControl {
    private static final String STATUS_COLUMNS = "projection, instance, state, checkpoint_tx_id, checkpoint_position,"
            + " head_tx_id, head_position, lag_events, lag_micros, processed, skipped, parked, retried, last_error,"
            + " waiting_for, reported_at_micros, held_back_micros";
    private static final String REQUEST_COLUMNS = "request_id, projection, action, requested_by, requested_at_micros,"
            + " claimed_by, claimed_at_micros, outcome, finished_at_micros";

    private final JdbcTransactions transactions;
    private final String status;
    private final String requests;
    private final String pauses;

    /**
     * @param tablePrefix what the table names start with, e.g. {@code es_} or {@code app.es_}
     * @param history     where the tables' schema versions are recorded
     */
    public JdbcProjectionControl(JdbcTransactions transactions, String tablePrefix, SchemaMigrations history) {
        this.transactions = Checks.notNull(transactions, "transactions");
        Checks.notNull(tablePrefix, "table prefix");
        Checks.notNull(history, "schema history");
        this.status = SqlIdentifier.table(tablePrefix + "projection_status");
        this.requests = SqlIdentifier.table(tablePrefix + "projection_requests");
        this.pauses = SqlIdentifier.table(tablePrefix + "projection_pauses");
        String component = SqlIdentifier.table(tablePrefix + "projection_control");
        transactions.useTransaction(c -> history.migrate(c, transactions.dialect(), component,
                migrations(tablePrefix)));
    }

    /** The tables' schema, step by step. */
    public static List<Migration> migrations(String tablePrefix) {
        String local = tablePrefix.substring(tablePrefix.indexOf('.') + 1);
        return List.of(Migration.of(1, "projection status, requests and pauses",
                "create table " + SqlIdentifier.table(tablePrefix + "projection_status")
                        + " (projection varchar(200) not null, instance varchar(200) not null,"
                        + " state varchar(40) not null, checkpoint_tx_id bigint not null,"
                        + " checkpoint_position bigint not null, head_tx_id bigint not null,"
                        + " head_position bigint not null, lag_events bigint not null, lag_micros bigint not null,"
                        + " processed bigint not null, skipped bigint not null, parked bigint not null,"
                        + " retried bigint not null, last_error text, waiting_for text,"
                        + " reported_at_micros bigint not null, held_back_micros bigint not null,"
                        + " primary key (projection, instance))",
                "create table " + SqlIdentifier.table(tablePrefix + "projection_requests")
                        + " (request_id varchar(36) primary key, projection varchar(200) not null,"
                        + " action varchar(40) not null, requested_by varchar(200) not null,"
                        + " requested_at_micros bigint not null, claimed_by varchar(200), claimed_at_micros bigint,"
                        + " outcome text, finished_at_micros bigint)",
                "create index " + local + "projection_requests_by_projection on "
                        + SqlIdentifier.table(tablePrefix + "projection_requests") + " (projection, requested_at_micros)",
                "create table " + SqlIdentifier.table(tablePrefix + "projection_pauses")
                        + " (projection varchar(200) primary key, paused_by varchar(200) not null,"
                        + " paused_at_micros bigint not null)"));
    }

    @Override
    public void report(ProjectionReport report) {
        Checks.notNull(report, "report");
        ProjectionStatus s = report.status();
        transactions.useTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("insert into " + status + " (" + STATUS_COLUMNS + ")"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (projection, instance)"
                    + " do update set state = excluded.state, checkpoint_tx_id = excluded.checkpoint_tx_id,"
                    + " checkpoint_position = excluded.checkpoint_position, head_tx_id = excluded.head_tx_id,"
                    + " head_position = excluded.head_position, lag_events = excluded.lag_events,"
                    + " lag_micros = excluded.lag_micros, processed = excluded.processed,"
                    + " skipped = excluded.skipped, parked = excluded.parked, retried = excluded.retried,"
                    + " last_error = excluded.last_error, waiting_for = excluded.waiting_for,"
                    + " reported_at_micros = excluded.reported_at_micros,"
                    + " held_back_micros = excluded.held_back_micros")) {
                upsert.setString(1, s.name());
                upsert.setString(2, report.instance());
                upsert.setString(3, s.state().name());
                upsert.setLong(4, s.checkpoint().txId());
                upsert.setLong(5, s.checkpoint().position());
                upsert.setLong(6, s.head().txId());
                upsert.setLong(7, s.head().position());
                upsert.setLong(8, s.lagEvents());
                upsert.setLong(9, s.lag().toNanos() / 1000);
                upsert.setLong(10, s.processed());
                upsert.setLong(11, s.skipped());
                upsert.setLong(12, s.parked());
                upsert.setLong(13, s.retried());
                setText(upsert, 14, s.lastError());
                setText(upsert, 15, s.waitingFor());
                upsert.setLong(16, micros(report.reportedAt()));
                upsert.setLong(17, s.heldBackFor().toNanos() / 1000);
                upsert.executeUpdate();
            }
        });
    }

    @Override
    public void withdraw(String projection, String instance) {
        transactions.useTransaction(c -> update(c, "delete from " + status + " where projection = ? and instance = ?",
                projection, instance));
    }

    @Override
    public Orders orders(String projection) {
        Checks.notNull(projection, "projection");
        return transactions.inTransaction(c -> new Orders(pause(c, projection).isPresent(),
                requests(c, "where projection = ? and claimed_by is null order by requested_at_micros, request_id",
                        projection)));
    }

    @Override
    public boolean claim(UUID request, String instance, Instant at) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement claim = c.prepareStatement("update " + requests
                    + " set claimed_by = ?, claimed_at_micros = ? where request_id = ? and claimed_by is null")) {
                claim.setString(1, instance);
                claim.setLong(2, micros(at));
                claim.setString(3, request.toString());
                return claim.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void finish(UUID request, String outcome, Instant at) {
        transactions.useTransaction(c -> {
            try (PreparedStatement finish = c.prepareStatement("update " + requests
                    + " set outcome = ?, finished_at_micros = ? where request_id = ?")) {
                finish.setString(1, outcome);
                finish.setLong(2, micros(at));
                finish.setString(3, request.toString());
                finish.executeUpdate();
            }
        });
    }

    @Override
    public void pause(String projection, String by, Instant at) {
        Checks.notNull(projection, "projection");
        transactions.useTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into " + pauses
                    + " (projection, paused_by, paused_at_micros) values (?, ?, ?) on conflict (projection) do nothing")) {
                insert.setString(1, projection);
                insert.setString(2, by);
                insert.setLong(3, micros(at));
                insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean resume(String projection) {
        return transactions.inTransaction(c -> update(c, "delete from " + pauses + " where projection = ?",
                projection) > 0);
    }

    @Override
    public ProjectionRequest request(String projection, ProjectionRequest.Action action, String by, Instant at) {
        ProjectionRequest request = ProjectionRequest.pending(projection, action, by, at);
        transactions.useTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into " + requests
                    + " (request_id, projection, action, requested_by, requested_at_micros) values (?, ?, ?, ?, ?)")) {
                insert.setString(1, request.id().toString());
                insert.setString(2, projection);
                insert.setString(3, action.name());
                insert.setString(4, by);
                insert.setLong(5, micros(at));
                insert.executeUpdate();
            }
        });
        return request;
    }

    @Override
    public List<ProjectionReport> reports() {
        return transactions.inTransaction(c -> {
            List<ProjectionReport> reports = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("select " + STATUS_COLUMNS + " from " + status
                    + " order by projection, instance"); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ProjectionStatus s = new ProjectionStatus(row.getString(1),
                            ProjectionStatus.State.valueOf(row.getString(3)),
                            new LogPosition(row.getLong(4), row.getLong(5)), new LogPosition(row.getLong(6), row.getLong(7)),
                            row.getLong(8), Duration.ofNanos(row.getLong(9) * 1000), row.getLong(10), row.getLong(11),
                            row.getLong(12), row.getLong(13), row.getString(14), row.getString(15),
                            Duration.ofNanos(row.getLong(17) * 1000));
                    reports.add(new ProjectionReport(row.getString(2), s, instant(row.getLong(16))));
                }
            }
            return reports;
        });
    }

    @Override
    public List<ProjectionPause> pauses() {
        return transactions.inTransaction(c -> {
            List<ProjectionPause> found = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("select projection, paused_by, paused_at_micros from "
                    + pauses + " order by projection"); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(new ProjectionPause(row.getString(1), row.getString(2), instant(row.getLong(3))));
                }
            }
            return found;
        });
    }

    @Override
    public Optional<ProjectionRequest> findRequest(UUID request) {
        Checks.notNull(request, "request id");
        return transactions.inTransaction(c -> requests(c, "where request_id = ?", request.toString()).stream()
                .findFirst());
    }

    @Override
    public List<ProjectionRequest> requests(String projection, int limit) {
        Checks.notNull(projection, "projection");
        int most = Math.max(0, limit);
        return transactions.inTransaction(c -> requests(c,
                "where projection = ? order by requested_at_micros desc, request_id limit " + most, projection));
    }

    private Optional<ProjectionPause> pause(Connection c, String projection) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select paused_by, paused_at_micros from " + pauses + " where projection = ?")) {
            select.setString(1, projection);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new ProjectionPause(projection, row.getString(1),
                        instant(row.getLong(2)))) : Optional.empty();
            }
        }
    }

    private List<ProjectionRequest> requests(Connection c, String where, String argument) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select " + REQUEST_COLUMNS + " from " + requests + " "
                + where)) {
            select.setString(1, argument);
            List<ProjectionRequest> found = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(new ProjectionRequest(UUID.fromString(row.getString(1)), row.getString(2),
                            ProjectionRequest.Action.valueOf(row.getString(3)), row.getString(4),
                            instant(row.getLong(5)), Optional.ofNullable(row.getString(6)),
                            optionalInstant(row, 7), Optional.ofNullable(row.getString(8)), optionalInstant(row, 9)));
                }
            }
            return found;
        }
    }

    private static int update(Connection c, String sql, String... arguments) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setString(i + 1, arguments[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static Optional<Instant> optionalInstant(ResultSet row, int column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(instant(micros));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
