package org.eventsourcing4j.cli.internal;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The store options' defaults from the environment ({@code ES4J_POSTGRES_URL}, …), so scripts need not repeat them. */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String name = option.longestName();
        String variable = StoreOptions.ENVIRONMENT.get(name);
        if (variable == null) {
            return null;
        }
        String value = environment.get(variable);
        return value != null && !value.isBlank() ? value : StoreOptions.FALLBACKS.get(name);
    }
}
