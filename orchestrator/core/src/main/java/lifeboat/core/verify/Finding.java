package lifeboat.core.verify;

import lifeboat.core.model.FindingKind;

/** Something a verification found wrong. Names the backup, the target, the object and (for file content) the path. */
public record Finding(FindingKind kind, String backup, String storage, String object, String path, String message) {
    @Override
    public String toString() {
        return backup + " on " + storage + ": " + object + (path == null ? "" : " (" + path + ")") + ": " + message;
    }
}
