"""Why a case file could not be opened or saved, each as one plain-English sentence."""

from __future__ import annotations

from pathlib import Path

from sendadvisor.i18n import N_, _

# The wording below is shown to advisers as it stands (unlock dialog, save warnings, command line).
# Each message says what happened and what to do, in one sentence, with no technical terms.


class CaseFileError(Exception):
    """Something stopped sendadvisor using the case file; `message` is safe to show as it is."""

    default_message = N_("sendadvisor could not use this case file.")

    def __init__(self, message: str | None = None) -> None:
        self.message = message or _(self.default_message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NoCaseFile(CaseFileError):
    """The case file does not exist (and was not to be created)."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("There is no case file at {path}.").format(path=path))
        self.path = path


class WrongPassphrase(CaseFileError):
    default_message = N_(
        "That passphrase does not open this case file: check it, including capital letters, "
        "and try again."
    )


class NotACaseFile(CaseFileError):
    default_message = N_("This file is not a sendadvisor case file, so it was not opened.")


class UnreadableCaseFile(CaseFileError):
    default_message = N_(
        "sendadvisor is not allowed to read this file: ask whoever looks after the laptop to "
        "check its permissions."
    )


class DamagedCaseFile(CaseFileError):
    """The file is damaged; `backup` is the newest backup that opens and passes its check."""

    def __init__(self, backup: Path | None, backup_saved: str | None = None) -> None:
        if backup is None:
            message = _(
                "This case file is damaged and there is no good backup of it: keep the file "
                "safe and ask whoever looks after the laptop for help."
            )
        elif backup_saved:
            message = _(
                "This case file is damaged, but a good backup saved {when} can be put in its place."
            ).format(when=backup_saved)
        else:
            message = _("This case file is damaged, but a good backup can be put in its place.")
        super().__init__(message)
        self.backup = backup


class CaseFileLocked(CaseFileError):
    default_message = N_(
        "This case file is already open in another sendadvisor window: use that window, "
        "or close it and try again."
    )


class LinkedCaseFile(CaseFileError):
    default_message = N_(
        "This case file also has another name on the disk (a hard link, often made by a backup "
        "or snapshot tool), so two windows could write it at once: copy it to a new file and "
        "open the copy."
    )


class BackupFailed(CaseFileError):
    """A backup could not be written; the case file itself is saved."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            _(
                "Your cases are saved, but sendadvisor could not write a backup of the case file: "
                "{reason}"
            ).format(reason=reason)
        )
        self.reason = reason


class BadBackup(CaseFileError):
    """A backup that cannot be restored: unknown, unreadable with this passphrase, or damaged."""


class ReadOnlyCaseFile(CaseFileError):
    default_message = N_(
        "sendadvisor cannot save to this case file because the file or its folder is "
        "read-only: copy it to a folder you can save in, or ask for it to be made writable."
    )


class DiskFull(CaseFileError):
    default_message = N_(
        "The disk is full, so nothing was saved: free some space (for example, empty the "
        "recycle bin) and try again."
    )


class NewerCaseFile(CaseFileError):
    default_message = N_(
        "This case file was made by a newer version of sendadvisor: update sendadvisor on "
        "this laptop to open it."
    )


class MigrationFailed(CaseFileError):
    default_message = N_(
        "sendadvisor could not bring this case file up to date, so it was not opened: nothing "
        "in it was lost, and a copy from before the update is in its backups folder."
    )


class NoSuchCase(CaseFileError, KeyError):
    """No case with that id (a KeyError too, so `except KeyError` callers keep working)."""

    def __init__(self, case_id: str) -> None:
        CaseFileError.__init__(
            self, _("There is no case {case_id} in this case file.").format(case_id=case_id)
        )
        self.case_id = case_id

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class CaseFileClosed(CaseFileError):
    default_message = N_("This case file has been closed: open it again to carry on.")


class StillSaving(CaseFileError):
    default_message = N_(
        "sendadvisor is still saving your last changes: wait a moment and try again."
    )


class EmptyPassphrase(CaseFileError):
    default_message = N_("Type a passphrase to protect the case file.")
