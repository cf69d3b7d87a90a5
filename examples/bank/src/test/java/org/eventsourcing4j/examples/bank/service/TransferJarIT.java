package org.eventsourcing4j.examples.bank.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Transfers against the packaged jar killed with SIGKILL in the middle of the load: after a
 * restart on the same data no transfer is half applied (each stored one has both halves),
 * every acknowledged one is stored, money is neither made nor lost, and no account was ever
 * negative. Clients keep sending to the restarted service; requests without an answer may or
 * may not have taken effect, but only as a whole.
 */
class TransferJarIT {
    private static final int ACCOUNTS = 10;
    private static final int CLIENTS = 10;
    private static final int TRANSFERS_PER_CLIENT = 20;

    @TempDir
    Path workDirectory;

    @Test
    void no_transfer_is_half_applied_after_a_kill_minus_9_on_sqlite() throws Exception {
        killMidLoad();
    }

    @Test
    void no_transfer_is_half_applied_after_a_kill_minus_9_on_postgresql() throws Exception {
        try (PostgresFixture postgres = new PostgresFixture()) {
            killMidLoad("--postgres", postgres.url());
        }
    }

    private void killMidLoad(String... storage) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        args.addAll(List.of(storage));
        String[] command = args.toArray(String[]::new);
        AtomicReference<URI> current = new AtomicReference<>();
        AtomicInteger answered = new AtomicInteger();
        Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
        BankJarIT.Server first = BankJarIT.Server.start(workDirectory, command);
        BankJarIT.Server second = null;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            current.set(first.uri);
            BankClient setup = new BankClient(first.uri);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                ids.add(setup.open("user" + i + "@example.com", "User " + i, "USD"));
                assertThat(setup.deposit(ids.get(i), "100.00").statusCode()).isEqualTo(200);
            }
            CyclicBarrier start = new CyclicBarrier(CLIENTS + 1);
            long seed = System.nanoTime();
            List<Future<Integer>> unanswered = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                unanswered.add(pool.submit(() -> {
                    Random random = new Random(seed + client);
                    start.await();
                    int lost = 0;
                    for (int t = 0; t < TRANSFERS_PER_CLIENT; t++) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        String amount = (1 + random.nextInt(40)) + ".00";
                        JsonNode ack = transferOnce(current.get(), ids.get(from), ids.get(to), amount);
                        if (ack == null) {
                            lost++;
                            TimeUnit.MILLISECONDS.sleep(50);
                        } else {
                            if (ack.has("id")) {
                                acknowledged.put(ack.get("id").stringValue(), ack);
                            }
                            answered.incrementAndGet();
                        }
                    }
                    return lost;
                }));
            }
            start.await();
            while (answered.get() < CLIENTS * TRANSFERS_PER_CLIENT / 3) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            first.process.destroyForcibly(); // SIGKILL, while transfers are in flight
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            second = BankJarIT.Server.start(workDirectory, command);
            current.set(second.uri);
            int lost = 0;
            for (Future<Integer> future : unanswered) {
                lost += future.get(300, TimeUnit.SECONDS);
            }
            assertThat(lost).as("transfers that got no answer").isPositive();

            BankClient client = new BankClient(second.uri);
            TransferAudit audit = TransferAudit.of(client, ids, false);
            assertThat(audit.total()).as("seed " + seed).isEqualByComparingTo(ACCOUNTS * 100 + ".00");
            assertThat(audit.sent.keySet()).as("acknowledged transfers are stored").containsAll(acknowledged.keySet());
            for (String id : ids) {
                assertThat(new BigDecimal(client.account(id).get("balance").stringValue())).as("read model of " + id)
                        .isEqualByComparingTo(audit.balances.get(id));
            }
        } finally {
            pool.shutdownNow();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /**
     * One transfer; its answer (an empty object for a refusal for want of funds), or null when
     * none came (the service is down or died mid-request).
     */
    private static JsonNode transferOnce(URI uri, String from, String to, String amount) {
        try {
            HttpResponse<String> response = new BankClient(uri).post("/transfers", TransferContract.transfer(from, to,
                    amount));
            if (response.statusCode() == 201) {
                return BankClient.json(response);
            }
            if (response.statusCode() == 409) {
                assertThat(BankClient.json(response).get("type").stringValue()).isEqualTo("/problems/insufficient-funds");
                return BankClient.JSON.createObjectNode();
            }
            assertThat(response.statusCode()).as(response.body()).isIn(503);
            return null;
        } catch (UncheckedIOException e) {
            return null;
        }
    }
}
