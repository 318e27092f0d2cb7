"""SQLCipher connections: the key derived once per open, and SQLite errors in plain words.

The key is derived exactly as SQLCipher 4 derives it by default (PBKDF2-HMAC-SHA512, 256,000
iterations, the 16-byte salt SQLCipher keeps at the start of the file), but here, once per open,
with `hashlib`. Every connection is then given the raw key (`x'...'`): that costs 0.3 ms rather than
a fresh 130-290 ms derivation, so the autosave writer and the backup thread can each have their
own connection. Because the derivation is SQLCipher's own, any SQLCipher 4 tool opens a case file
with `PRAGMA key = 'the passphrase'` (useful for recovery). The key lives only in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2

from sendadvisor.i18n import _
from sendadvisor.storage.errors import (
    CaseFileError,
    CaseFileLocked,
    DamagedCaseFile,
    DiskFull,
    ReadOnlyCaseFile,
)

KDF_ALGORITHM = "sha512"  # SQLCipher 4 default (cipher_kdf_algorithm = PBKDF2_HMAC_SHA512)
KDF_ITERATIONS = 256_000  # SQLCipher 4 default (kdf_iter)
KEY_BYTES = 32  # AES-256
SALT_BYTES = 16  # SQLCipher keeps the salt in the first 16 bytes of the file
PAGE_SIZE = 4096  # SQLCipher 4 default (cipher_page_size)
SQLITE_MAGIC = b"SQLite format 3\x00"

# How long a connection waits for another one (our own writer thread, a backup) to finish writing.
BUSY_TIMEOUT_MS = 10_000

Error = dbapi2.Error
if TYPE_CHECKING:
    # sqlcipher3 ships no type information; its Connection is a fork of the standard library's
    # sqlite3.Connection with the same methods, so that type stands in for it when checking.
    from sqlite3 import Connection
else:
    Connection = dbapi2.Connection

_quiet = False


def _silence_sqlcipher_log() -> None:
    """SQLCipher logs every failed decryption to stderr; the adviser gets our sentence instead."""
    global _quiet
    if not _quiet:
        probe = dbapi2.connect(":memory:")
        try:
            probe.execute("PRAGMA cipher_log_level = NONE")
        finally:
            probe.close()
        _quiet = True


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 256-bit key SQLCipher 4 would derive from this passphrase and salt."""
    # NFC so that "é" typed as one character or as e + accent gives the same key.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.pbkdf2_hmac(KDF_ALGORITHM, secret, salt, KDF_ITERATIONS, KEY_BYTES)


def read_head(path: Path, size: int = PAGE_SIZE) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def _looks_random(block: bytes) -> bool:
    # An encrypted page uses nearly all 256 byte values; text, JSON, a PDF header or a zeroed
    # page use far fewer. 4,000 random bytes show about 255 distinct values.
    return len(block) >= 1024 and len(set(block)) >= 200


def sniff(path: Path) -> str:
    """ "plain" (an unencrypted SQLite file), "other" (not a case file), or "encrypted"."""
    size = os.path.getsize(path)
    head = read_head(path)
    if head.startswith(SQLITE_MAGIC):
        return "plain"
    # SQLCipher files are whole pages; page sizes are powers of two from 512 bytes.
    if size == 0 or size % 512:
        return "other"
    if _looks_random(head[SALT_BYTES:]):
        return "encrypted"
    # The first page may be the damaged part: look at the last page before giving up on it.
    with open(path, "rb") as handle:
        handle.seek(max(0, size - PAGE_SIZE))
        tail = handle.read(PAGE_SIZE)
    return "encrypted" if size > PAGE_SIZE and _looks_random(tail) else "other"


def connect(
    path: Path, key: bytes, *, new_file_salt: bytes | None = None, read_only: bool = False
) -> Connection:
    """A connection to the case file with the raw key set; `new_file_salt` only when creating.

    `read_only` (for backups) never creates or changes the file, even if it has gone missing.
    """
    _silence_sqlcipher_log()
    # isolation_level=None: no hidden BEGINs; every transaction here is explicit.
    if read_only:
        conn = dbapi2.connect(
            Path(path).resolve().as_uri() + "?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        conn = dbapi2.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        raw = key.hex() + (new_file_salt.hex() if new_file_salt else "")
        conn.execute(f"PRAGMA key = \"x'{raw}'\"")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Sorts and temporary indexes stay in memory, never in a temporary file on disk.
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def tune(conn: Connection) -> None:
    """Settings that make each commit durable and each deletion real; run once the key is proven."""
    conn.execute("PRAGMA synchronous = FULL")  # fsync the WAL at every commit
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted families' pages are zeroed, not left free
    # After a big transaction (a passphrase change rewrites every page) the WAL shrinks back.
    conn.execute("PRAGMA journal_size_limit = 16777216")


def rekey(conn: Connection, key: bytes) -> None:
    conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")


def error_code(error: BaseException) -> int | None:
    return getattr(error, "sqlite_errorcode", None)


def is_busy(error: BaseException) -> bool:
    code = error_code(error)
    return code is not None and code & 0xFF in (dbapi2.SQLITE_BUSY, 6)  # 6 = SQLITE_LOCKED


# Below this much free space, a disk input/output error is taken to mean the disk is full: SQLite
# reports a full disk as SQLITE_FULL only for some writes (not, say, when sizing its -shm file).
NEARLY_FULL_BYTES = 4 * 1024 * 1024


def _nearly_full(folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def translate(error: BaseException, *, folder: Path | None = None) -> CaseFileError:
    """The plain-English CaseFileError for a SQLite or operating-system error.

    `folder` (the case file's) lets a disk error on a full disk be reported as a full disk.
    """
    if isinstance(error, CaseFileError):
        return error
    if isinstance(error, OSError):
        import errno

        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DiskFull()
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyCaseFile()
        return CaseFileError(
            _(
                "sendadvisor could not use the case file because the laptop reported a problem "
                "with the disk ({reason})."
            ).format(reason=error.strerror or error)
        )
    code = error_code(error)
    primary = code & 0xFF if code is not None else None
    if primary == dbapi2.SQLITE_FULL:
        return DiskFull()
    if primary in (dbapi2.SQLITE_READONLY, dbapi2.SQLITE_CANTOPEN, 3):  # 3 = SQLITE_PERM
        return ReadOnlyCaseFile()
    if primary in (dbapi2.SQLITE_BUSY, 6):
        return CaseFileLocked()
    if primary in (dbapi2.SQLITE_CORRUPT, dbapi2.SQLITE_NOTADB):
        return DamagedCaseFile(None)
    if primary == 10:  # SQLITE_IOERR
        if _nearly_full(folder):
            return DiskFull()
        return CaseFileError(
            _(
                "The laptop could not write to the disk, so nothing was saved: check the disk has "
                "space and is still connected, then try again."
            )
        )
    return CaseFileError(
        _("sendadvisor could not use the case file ({problem}).").format(problem=error)
    )
