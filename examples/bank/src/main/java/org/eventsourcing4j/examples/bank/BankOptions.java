package org.eventsourcing4j.examples.bank;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code java -jar bank.jar}. */
final class BankOptions {
    static final String USAGE = """
            usage: java -jar bank.jar [--port N] [--host ADDRESS]
                                      [--data DIR | --postgres JDBC_URL [--postgres-replica JDBC_URL]]
                                      [--publish-kafka BOOTSTRAP] [--publish-nats URL]
                                      [--shredding on|off]

              --port N             listen on port N (default 8080; 0 picks a free port)
              --host ADDRESS       listen on this address (default 127.0.0.1; 0.0.0.0 for every interface)
              --data DIR           keep events and the read model in the SQLite file DIR/bank.db
                                   (default ./bank-data)
              --postgres JDBC_URL  keep them in PostgreSQL instead, e.g.
                                   jdbc:postgresql://localhost:5432/bank?user=postgres
              --postgres-replica JDBC_URL
                                   read account events and the read model from this streaming
                                   replica of that database (docs/replicas.md)
              --publish-kafka BOOTSTRAP
                                   publish the account events to Kafka (host:port[,host:port...]),
                                   topic bank-accounts (--bank.publish.kafka-topic=NAME)
              --publish-nats URL   publish them to NATS JetStream (nats://host:port), subjects
                                   bank.account.<type> (--bank.publish.nats-prefix=PREFIX); a
                                   JetStream stream must capture them (docs/bank.md)
              --shredding on|off   encrypt the owners' email and name so that they can be erased
                                   (crypto-shredding, default on); off stores them in the clear
                                   and DELETE /accounts/{id}/personal-data answers 409
              --help               print this and exit
              --NAME=VALUE         any Spring Boot property, e.g. --server.tomcat.threads.max=64
                                   (see docs/bank.md)
            """;

    /**
     * What the command line asks for: a config to run, or only the usage.
     *
     * @param springArguments the {@code --name=value} Spring properties, as given
     */
    record Parsed(BankConfig config, boolean help, List<String> springArguments) {
    }

    /** Thrown for a command line that cannot be run; the message says why. */
    static final class InvalidOptionsException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidOptionsException(String message) {
            super(message);
        }
    }

    private BankOptions() {
    }

    static Parsed parse(List<String> args, BankConfig defaults) throws InvalidOptionsException {
        BankConfig config = defaults;
        boolean data = false;
        boolean postgres = false;
        boolean replica = false;
        List<String> spring = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) {
                return new Parsed(config, true, List.of());
            }
            if (option.startsWith("--") && option.indexOf('=') > 2) {
                spring.add(option);
                continue;
            }
            if (!option.equals("--port") && !option.equals("--host") && !option.equals("--data")
                    && !option.equals("--postgres") && !option.equals("--postgres-replica")
                    && !option.equals("--publish-kafka") && !option.equals("--publish-nats")
                    && !option.equals("--shredding")) {
                throw new InvalidOptionsException("unknown option '" + option + "'");
            }
            if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                throw new InvalidOptionsException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--port" -> config = config.withPort(port(value));
                case "--host" -> config = config.withHost(value);
                case "--data" -> {
                    data = true;
                    config = config.withDataDirectory(path(value));
                }
                case "--publish-kafka" -> spring.add("--bank.publish.kafka=" + bootstrapServers(value));
                case "--publish-nats" -> spring.add("--bank.publish.nats=" + natsUrl(value));
                case "--shredding" -> spring.add("--" + BankShredding.ENABLED_PROPERTY + "=" + onOrOff(option, value));
                case "--postgres-replica" -> {
                    replica = true;
                    config = config.withPostgresReplicaUrl(jdbcUrl(option, value));
                }
                default -> {
                    postgres = true;
                    config = config.withPostgresUrl(jdbcUrl(option, value));
                }
            }
        }
        if (data && postgres) {
            throw new InvalidOptionsException("give --data or --postgres, not both");
        }
        if (replica && !postgres) {
            throw new InvalidOptionsException("--postgres-replica needs --postgres (the primary)");
        }
        return new Parsed(config, false, List.copyOf(spring));
    }

    private static String jdbcUrl(String option, String value) throws InvalidOptionsException {
        if (!value.startsWith("jdbc:postgresql:")) {
            throw new InvalidOptionsException(option + " takes a JDBC URL starting with jdbc:postgresql:, got '"
                    + value + "'");
        }
        return value;
    }

    /** {@code host:port} pairs, comma-separated. */
    private static String bootstrapServers(String value) throws InvalidOptionsException {
        for (String server : value.split(",", -1)) {
            int colon = server.lastIndexOf(':');
            if (colon < 1 || !isPort(server.substring(colon + 1)) || server.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidOptionsException("--publish-kafka takes host:port[,host:port...], got '" + value + "'");
            }
        }
        return value;
    }

    private static String natsUrl(String value) throws InvalidOptionsException {
        if (!(value.startsWith("nats://") || value.startsWith("tls://")) || value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidOptionsException("--publish-nats takes a URL such as nats://localhost:4222, got '" + value + "'");
        }
        return value;
    }

    private static boolean onOrOff(String option, String value) throws InvalidOptionsException {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new InvalidOptionsException(option + " takes on or off, got '" + value + "'");
        };
    }

    private static boolean isPort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port > 0 && port <= 65_535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int port(String value) throws InvalidOptionsException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionsException("--port takes a number from 0 to 65535, got '" + value + "'");
    }

    private static Path path(String value) throws InvalidOptionsException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidOptionsException("--data takes a directory, got '" + value + "': " + e.getMessage());
        }
    }
}
