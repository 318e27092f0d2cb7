"""The encrypted case file (SQLCipher through sqlite-utils): the only package that imports them."""

from sendadvisor.storage.backups import Backup
from sendadvisor.storage.casefile import NOTE_CHANNELS, CaseFile, normal_case_id
from sendadvisor.storage.errors import (
    BackupFailed,
    BadBackup,
    CaseFileClosed,
    CaseFileError,
    CaseFileLocked,
    DamagedCaseFile,
    DiskFull,
    EmptyPassphrase,
    LinkedCaseFile,
    MigrationFailed,
    NewerCaseFile,
    NoCaseFile,
    NoSuchCase,
    NotACaseFile,
    ReadOnlyCaseFile,
    StillSaving,
    UnreadableCaseFile,
    WrongPassphrase,
)
from sendadvisor.storage.records import CaseRow

__all__ = [
    "NOTE_CHANNELS",
    "Backup",
    "BackupFailed",
    "BadBackup",
    "CaseFile",
    "CaseFileClosed",
    "CaseFileError",
    "CaseFileLocked",
    "CaseRow",
    "DamagedCaseFile",
    "DiskFull",
    "EmptyPassphrase",
    "LinkedCaseFile",
    "MigrationFailed",
    "NewerCaseFile",
    "NoCaseFile",
    "NoSuchCase",
    "NotACaseFile",
    "ReadOnlyCaseFile",
    "StillSaving",
    "UnreadableCaseFile",
    "WrongPassphrase",
    "normal_case_id",
]
