package org.eventsourcing4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eventsourcing4j.aggregate.AggregateRepository;
import org.eventsourcing4j.jdbc.JdbcEventStore;
import org.eventsourcing4j.jdbc.JdbcProjection;
import org.eventsourcing4j.postgres.PostgresEventStore;
import org.eventsourcing4j.projection.FailurePolicy;
import org.eventsourcing4j.projection.ProjectionOptions;
import org.eventsourcing4j.projection.ProjectionRunner;
import org.eventsourcing4j.sqlite.SqliteEventStore;
import org.eventsourcing4j.store.EventData;
import org.eventsourcing4j.store.ExpectedVersion;
import org.eventsourcing4j.store.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium, mounted at {@code /console} on a server of the
 * test's own: a person opens a stream and moves the time-travel slider, replays a parked
 * event and sees the projection recover, watches the live log, and finds the transaction that
 * holds PostgreSQL's horizon back.
 */
class ConsoleBrowserTest {
    static final String TOKEN = "browser-test-admin-token";
    private static Browser browser;
    @TempDir
    Path directory;
    SqliteEventStore store;
    ProjectionRunner runner;
    final AtomicBoolean broken = new AtomicBoolean(true);

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        browser.close();
    }

    @BeforeEach
    void populate() throws InterruptedException {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        AggregateRepository<Wallet, Wallet.Event> wallets = new AggregateRepository<>(store, Wallet.CODEC, Wallet.TYPE);
        Wallet ada = Wallet.open("ada", "Ada Lovelace");
        ada.deposit("100.00");
        ada.deposit("50.00");
        wallets.save(ada);
        wallets.update("ada", w -> w.withdraw("30.00"));
        for (int i = 1; i <= 6; i++) {
            int n = i;
            Wallet other = Wallet.open("w" + n, "Owner " + n);
            other.deposit(n + "0.00");
            wallets.save(other);
        }
        runner = JdbcProjection.of("balances", (event, connection) -> {
            if (event.type().equals("MoneyWithdrawn") && broken.get()) {
                throw new IllegalStateException("the balances table has no overdraft column yet");
            }
        }).withOptions(ProjectionOptions.DEFAULTS.withPollInterval(Duration.ofMillis(50))
                .withReportInterval(Duration.ofMillis(200)).withFailurePolicy(FailurePolicy.PARK, 1)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2))).runner(store);
        runner.start();
        assertThat(runner.awaitProcessed(store.headPosition(), Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    private ConsoleServer console(JdbcEventStore on, ConsoleOptions options) throws Exception {
        return new ConsoleServer(on, options.withLagSample(Duration.ofMillis(300)).withDescription(
                on instanceof PostgresEventStore ? "PostgreSQL (test schema)" : "SQLite events.db"));
    }

    @Test
    void opening_a_stream_and_moving_the_time_travel_slider_changes_the_balance() throws Exception {
        try (ConsoleServer console = console(store, ConsoleOptions.readOnly().withAggregate(Wallet.VIEW))) {
            browser.open(console.base + "#/streams");
            browser.find("#prefix").sendKeys("wallet-", Keys.ENTER);
            browser.untilText("#streams", "wallet-w6");
            browser.screenshot("streams");
            browser.find("tr[data-stream='wallet-ada'] a.stream-link").click();
            browser.untilText("#stream-id", "wallet-ada");
            browser.untilText("#state", "120.00");
            assertThat(browser.find("#slider-version").getText()).isEqualTo("version 4 of 4");

            WebElement slider = browser.find("#slider");
            slider.sendKeys(Keys.ARROW_LEFT);
            browser.untilText("#slider-version", "version 3 of 4");
            browser.untilText("#state", "150.00");
            assertThat(browser.driver.findElements(By.cssSelector("tr.event:not(.hidden)"))).hasSize(3);
            slider.sendKeys(Keys.ARROW_LEFT);
            browser.untilText("#state", "100.00");
            browser.find("tr.event[data-version='2']").click();
            browser.untilText("tr.detail:not(.hidden) pre.data", "\"amount\"");
            browser.screenshot("stream-time-travel");
            slider.sendKeys(Keys.HOME);
            browser.untilText("#state", "no events yet");
        }
    }

    @Test
    void replaying_a_parked_event_lets_the_projection_recover() throws Exception {
        try (ConsoleServer console = console(store, ConsoleOptions.readOnly().withAdminToken(TOKEN))) {
            browser.open(console.base + "#/projections");
            browser.untilExactly("tr[data-name='balances'] td.parked", "1");
            browser.untilText("tr[data-name='balances'] td.state", "RUNNING");

            // An operator pauses it while the application goes on appending: the lag climbs.
            store.projectionControl().pause("balances", "the browser test", java.time.Instant.now());
            browser.untilText("tr[data-name='balances'] td.state", "PAUSED");
            for (int burst = 1; burst <= 4; burst++) {
                for (int i = 0; i < burst * 5; i++) {
                    store.append(StreamId.of("wallet-burst" + burst + "-" + i), ExpectedVersion.noStream(),
                            EventData.of("WalletOpened", "{\"owner\":\"burst\"}"));
                }
                Thread.sleep(700);
            }
            browser.untilExactly("tr[data-name='balances'] td.lag", "50");
            store.projectionControl().resume("balances");
            browser.untilExactly("tr[data-name='balances'] td.lag", "0");
            browser.untilExactly("tr[data-name='balances'] td.state", "RUNNING");
            Thread.sleep(1200);
            browser.find("#charts polyline");
            browser.screenshot("projections");
            browser.find("tr[data-name='balances'] td.parked a").click();
            browser.untilText("#parked", "MoneyWithdrawn");
            browser.untilText("#parked", "no overdraft column");
            browser.screenshot("parked");

            broken.set(false); // the fix is deployed
            browser.find("#token").sendKeys(TOKEN);
            browser.find("#replay").click();
            browser.untilText("#message", "replayed 1 of 1");
            browser.untilText("#none-parked", "nothing is parked");
            assertThat(runner.parkedEvents()).isEmpty();

            browser.open(console.base + "#/projections");
            browser.untilExactly("tr[data-name='balances'] td.parked", "0");
            browser.untilText("tr[data-name='balances'] td.state", "RUNNING");
        }
    }

    @Test
    void a_read_only_console_disables_the_admin_buttons() throws Exception {
        try (ConsoleServer console = console(store, ConsoleOptions.readOnly())) {
            browser.open(console.base + "#/projections");
            browser.untilText("tr[data-name='balances'] td.state", "RUNNING");
            assertThat(browser.find("tr[data-name='balances'] button[data-action='rebuild']").isEnabled()).isFalse();
            assertThat(browser.find("#readonly").isDisplayed()).isTrue();
        }
    }

    @Test
    void the_live_log_shows_events_as_they_are_appended() throws Exception {
        try (ConsoleServer console = console(store, ConsoleOptions.readOnly())) {
            browser.open(console.base + "#/log");
            browser.untilText("#live-status", "following");
            for (int i = 1; i <= 5; i++) {
                store.append(StreamId.of("wallet-live" + i), ExpectedVersion.noStream(),
                        EventData.of("WalletOpened", "{\"owner\":\"Live " + i + "\"}"));
            }
            browser.untilText("#live", "wallet-live5");
            assertThat(browser.driver.findElements(By.cssSelector("tr.live-event"))).hasSize(5);
            browser.screenshot("live-log");
        }
    }

    @Test
    void the_horizon_page_names_the_transaction_that_holds_postgres_back() throws Exception {
        String url = Pg.url();
        String schema = "es4j_console_" + Long.toHexString(System.nanoTime());
        try (Pg pg = new Pg(url, schema);
             PostgresEventStore postgres = pg.store();
             Connection held = DriverManager.getConnection(url);
             ConsoleServer console = console(postgres, ConsoleOptions.readOnly().withHorizon(postgres::horizonStatus))) {
            int pid;
            try (Statement statement = held.createStatement()) {
                statement.execute("set application_name = 'held-by-the-console-test'");
                held.setAutoCommit(false);
                ResultSet rs = statement.executeQuery("select pg_current_xact_id(), pg_backend_pid()");
                rs.next();
                pid = rs.getInt(2);
            }
            postgres.append(StreamId.of("wallet-late"), ExpectedVersion.noStream(), EventData.of("WalletOpened", "{}"));
            browser.open(console.base + "#/horizon");
            browser.untilText("#horizon-verdict", "Held back");
            browser.untilText("#blocker-application", "held-by-the-console-test");
            assertThat(browser.find("#blocker-pid").getText()).isEqualTo(String.valueOf(pid));
            assertThat(browser.find("#blocker-state").getText()).isEqualTo("idle in transaction");
            browser.screenshot("horizon");
            held.rollback();
            browser.untilText("#horizon-verdict", "Not held back");
        }
    }
}
