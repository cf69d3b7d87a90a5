package org.eventsourcing4j.benchmarks.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of one PostgreSQL cluster: its postmaster (with its ended children) and the live
 * processes it started, found by parent pid. Unlike {@code CpuProbe.postgresNanos()} it leaves
 * out other servers on the machine, such as the shared one other work is using. Linux only.
 */
final class ClusterCpu {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100

    private ClusterCpu() {
    }

    static long nanos(Path dataDirectory) {
        try {
            String postmaster = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim();
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String pid = process.getFileName().toString();
                    if (!pid.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] fields = fields(process);
                    if (fields == null) {
                        continue;
                    }
                    if (pid.equals(postmaster)) {
                        ticks += sum(fields, 11, 12, 13, 14); // own and waited-for children
                    } else if (fields[1].equals(postmaster)) {
                        ticks += sum(fields, 11, 12);
                    }
                }
            }
            return ticks * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, [11] utime ... */
    private static String[] fields(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // ended while we looked
        }
    }

    private static long sum(String[] fields, int... indexes) {
        long total = 0;
        for (int index : indexes) {
            total += Long.parseLong(fields[index]);
        }
        return total;
    }
}
