package lifeboat.core.auditing;

import lifeboat.core.model.Labeled;

/** How a report is written. */
public enum ReportFormat implements Labeled {
    CSV, JSON, PDF, MD;

    public static ReportFormat of(String label) {
        return Labeled.of(ReportFormat.class, label);
    }

    @Override
    public String toString() {
        return label();
    }
}
