package lifeboat.web;

import java.util.List;
import lifeboat.core.catalog.BackupRecord;
import lifeboat.core.catalog.CopyCheck;
import lifeboat.core.trial.Grade;

/** A row of the backups table on a source's page. */
public record BackupRow(BackupRecord backup, Grade grade, List<CopyCheck> copies) {
}
