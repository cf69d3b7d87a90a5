package org.eventsourcing4j.benchmarks.sidebyside;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by the local PostgreSQL server (all its processes, ended
 * ones included through the postmaster's children time), for {@code -Dharness.cpu=true}.
 * On a machine shared with other work, CPU per event is steadier than events per second.
 * Linux only, and only for a server on this machine whose processes this user may read.
 */
public final class CpuProbe {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private CpuProbe() {
    }

    public static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                ticks += ticks(process);
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * TICK_NANOS;
    }

    private static long ticks(Path process) {
        try {
            if (!process.getFileName().toString().chars().allMatch(Character::isDigit)
                    || !Files.readString(process.resolve("comm")).startsWith("postgres")) {
                return 0;
            }
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, and for the postmaster also its waited-for children (ended backends)
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            boolean postmaster = "1".equals(fields[1]) || Files.readString(process.resolve("cmdline")).contains("-D");
            return own + (postmaster ? Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : 0);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended while we looked
        }
    }
}
