package org.eventsourcing4j.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankOptionsTest {
    private static final BankConfig DEFAULTS = BankConfig.defaults();

    @Test
    void no_options_serve_sqlite_in_bank_data_on_8080() throws Exception {
        BankConfig config = BankOptions.parse(List.of(), DEFAULTS).config();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("bank-data"));
        assertThat(config.postgresUrl()).isNull();
        assertThat(config.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void reads_port_host_data_and_postgres() throws Exception {
        BankConfig config = BankOptions.parse(List.of("--port", "9090", "--host", "0.0.0.0", "--data", "/tmp/x"),
                DEFAULTS).config();
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/tmp/x"));
        String url = "jdbc:postgresql://localhost:5432/bank?user=postgres";
        assertThat(BankOptions.parse(List.of("--postgres", url), DEFAULTS).config().postgresUrl()).isEqualTo(url);
        assertThat(BankOptions.parse(List.of("--help"), DEFAULTS).help()).isTrue();
        String replica = "jdbc:postgresql://replica:5432/bank?user=postgres";
        BankConfig replicated = BankOptions.parse(List.of("--postgres-replica", replica, "--postgres", url), DEFAULTS)
                .config();
        assertThat(replicated.postgresUrl()).isEqualTo(url);
        assertThat(replicated.postgresReplicaUrl()).isEqualTo(replica);
    }

    @Test
    void refuses_what_it_cannot_run() {
        assertInvalid(List.of("--port"), "--port needs a value");
        assertInvalid(List.of("--port", "eighty"), "--port takes a number");
        assertInvalid(List.of("--port", "70000"), "--port takes a number");
        assertInvalid(List.of("--verbose"), "unknown option '--verbose'");
        assertInvalid(List.of("8080"), "unknown option '8080'");
        assertInvalid(List.of("--postgres", "postgres://localhost/bank"), "jdbc:postgresql:");
        assertInvalid(List.of("--data", "d", "--postgres", "jdbc:postgresql://localhost/bank"), "not both");
        assertInvalid(List.of("--data", " "), "--data needs a value");
        assertInvalid(List.of("--postgres-replica", "jdbc:postgresql://replica/bank"), "needs --postgres");
        assertInvalid(List.of("--postgres", "jdbc:postgresql://localhost/bank", "--postgres-replica", "replica"),
                "--postgres-replica takes a JDBC URL");
    }

    @Test
    void publishing_flags_become_the_banks_spring_properties_and_bad_addresses_are_refused() throws Exception {
        assertThat(BankOptions.parse(List.of("--publish-kafka", "k1:9092,k2:9093", "--publish-nats", "nats://n:4222"),
                DEFAULTS).springArguments())
                .containsExactly("--bank.publish.kafka=k1:9092,k2:9093", "--bank.publish.nats=nats://n:4222");
        assertInvalid(List.of("--publish-kafka", "localhost"), "--publish-kafka takes host:port");
        assertInvalid(List.of("--publish-kafka", "k1:9092,"), "--publish-kafka takes host:port");
        assertInvalid(List.of("--publish-kafka", "k1:99999"), "--publish-kafka takes host:port");
        assertInvalid(List.of("--publish-nats", "localhost:4222"), "--publish-nats takes a URL");
        assertInvalid(List.of("--publish-nats"), "--publish-nats needs a value");
    }

    @Test
    void shredding_on_or_off_becomes_the_banks_spring_property_and_anything_else_is_refused() throws Exception {
        assertThat(BankOptions.parse(List.of("--shredding", "off"), DEFAULTS).springArguments())
                .containsExactly("--bank.shredding.enabled=false");
        assertThat(BankOptions.parse(List.of("--shredding", "on"), DEFAULTS).springArguments())
                .containsExactly("--bank.shredding.enabled=true");
        assertInvalid(List.of("--shredding", "no"), "--shredding takes on or off, got 'no'");
        assertInvalid(List.of("--shredding"), "--shredding needs a value");
        assertThat(BankShredding.enabled(null)).isTrue();
        assertThat(BankShredding.enabled(" OFF ")).isFalse();
        assertThat(BankShredding.enabled("true")).isTrue();
        assertThatThrownBy(() -> BankShredding.enabled("maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bank.shredding.enabled must be true or false (on or off), got 'maybe'");
    }

    private static void assertInvalid(List<String> args, String message) {
        assertThatThrownBy(() -> BankOptions.parse(args, DEFAULTS))
                .isInstanceOf(BankOptions.InvalidOptionsException.class)
                .hasMessageContaining(message);
    }
}
