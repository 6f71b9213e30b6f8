package lifeboat.spi;

import static java.util.Objects.requireNonNull;

/**
 * One configuration property a plugin accepts. Properties marked secret are masked wherever the core prints
 * configuration, and their values may come from {@code ${env:NAME}} or {@code ${file:PATH}} references.
 */
public record PropertySpec(String name, PropertyType type, boolean required, boolean secret, String description) {
    public PropertySpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
    }

    public static PropertySpec required(String name, PropertyType type, String description) {
        return new PropertySpec(name, type, true, false, description);
    }

    public static PropertySpec optional(String name, PropertyType type, String description) {
        return new PropertySpec(name, type, false, false, description);
    }

    public static PropertySpec secret(String name, String description) {
        return new PropertySpec(name, PropertyType.STRING, false, true, description);
    }
}
