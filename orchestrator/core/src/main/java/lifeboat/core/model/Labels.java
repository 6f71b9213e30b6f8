package lifeboat.core.model;

import java.util.HashMap;
import java.util.Map;

/** Each labeled enum's constants by their label: a listing reads several labels on each of 100,000 catalog rows. */
final class Labels {
    static final ClassValue<Map<String, Object>> BY_LABEL = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            Map<String, Object> byLabel = new HashMap<>();
            for (Object e : type.getEnumConstants()) {
                byLabel.put(((Labeled) e).label(), e);
            }
            return Map.copyOf(byLabel);
        }
    };

    private Labels() {
    }
}
