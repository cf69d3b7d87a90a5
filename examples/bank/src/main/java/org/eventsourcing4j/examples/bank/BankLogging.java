package org.eventsourcing4j.examples.bank;

import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LoggingSystem;

/**
 * One logging configuration for the whole service: SLF4J with slf4j-simple
 * ({@code simplelogger.properties}). Without a Logback or Log4j 2 on the class path Spring
 * Boot would pick its {@code java.util.logging} system, and Tomcat logs through
 * {@code java.util.logging} too: their lines would bypass the levels set for SLF4J (a
 * warning per unknown path, Tomcat's start and stop lines) and come in two other formats.
 * So Spring Boot is told to leave logging alone ({@link LoggingSystem#NONE}, unless the
 * {@code org.springframework.boot.logging.LoggingSystem} system property says otherwise),
 * and {@code java.util.logging} is routed to SLF4J.
 */
final class BankLogging {
    private BankLogging() {
    }

    /** Routes {@code java.util.logging} to SLF4J, once per JVM; called before Spring starts. */
    static synchronized void routeToSlf4j() {
        if (System.getProperty(LoggingSystem.SYSTEM_PROPERTY) == null) {
            System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
