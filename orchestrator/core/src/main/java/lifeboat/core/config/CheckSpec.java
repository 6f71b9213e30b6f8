package lifeboat.core.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One declared check of a restore test.
 *
 * @param items the tables, views, functions or paths the check names
 * @param expect what the first column of the first row must be ({@code sql} checks)
 * @param expectRows what the number of rows must be ({@code sql} checks)
 */
public record CheckSpec(CheckType type, String name, List<String> items, String query, Expectation expect,
        Expectation expectRows) {
    public CheckSpec {
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        items = List.copyOf(items);
    }
}
