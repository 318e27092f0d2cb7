"""Rotating backups: when they are taken, which are kept, and that each one opens and is whole."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlcipher3 import dbapi2
from storage_helpers import PASSPHRASE, Clock, circumstances

from sendadvisor.storage import CaseFile
from sendadvisor.storage.backups import Backup, backups_dir, list_backups, to_keep


def _reasons(path: Path) -> list[str]:
    return [b.reason for b in list_backups(path)]


def test_a_new_file_is_backed_up_at_open_and_its_session_at_close(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.wait_for_backup()  # it runs in the background; the next change comes after it
        case_file.add_case(circumstances(), [])
        clock.advance(minutes=5)
    assert _reasons(case_path) == ["close", "open"]


def test_an_unchanged_file_is_not_backed_up_again(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.add_case(circumstances(), [])
    made = list_backups(case_path)
    for _ in range(3):
        clock.advance(minutes=1)
        with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
            case_file.list_cases(today=date(2026, 11, 28))
    assert list_backups(case_path) == made


def test_a_file_left_changed_by_a_crash_is_backed_up_at_the_next_open(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.add_case(circumstances(), [])
    # As if the last session crashed after a change: nothing backed it up at close.
    conn = dbapi2.connect(str(case_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'change_serial'")
    conn.commit()
    conn.close()
    clock.advance(minutes=1)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock):
        pass
    assert _reasons(case_path)[0] == "open"


def test_a_backup_every_30_minutes_of_changes(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_file.backup_now()
        for _ in range(7):  # a change every 10 minutes for 70 minutes
            clock.advance(minutes=10)
            case_file.add_case(circumstances(), [])
            case_file.wait_for_backup()
    assert _reasons(case_path).count("periodic") == 2


def test_each_backup_is_a_whole_encrypted_snapshot(case_path: Path, clock: Clock) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        for n in range(5):
            case_file.add_case(circumstances(f"Child {n}"), [])
        made = case_file.backup_now()
        case_file.add_case(circumstances("After the backup"), [])
    conn = dbapi2.connect(str(made))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")  # the same passphrase opens it
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM cases").fetchone() == (5,)
    conn.close()
    assert not made.read_bytes()[:16].startswith(b"SQLite format 3")


def test_half_written_backups_from_a_crash_are_ignored_and_cleared(
    case_path: Path, clock: Clock
) -> None:
    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock):
        pass
    stale = backups_dir(case_path) / ".cases-20261128-090000-open.backup.tmp"
    stale.write_bytes(b"half a backup")
    assert stale not in [b.path for b in list_backups(case_path)]
    with CaseFile.open(case_path, PASSPHRASE, clock=clock):
        assert not stale.exists()


def _backups(times: list[datetime]) -> list[Backup]:
    return [Backup(Path(f"/b/{t:%Y%m%d-%H%M%S}"), t, "open") for t in sorted(times, reverse=True)]


def test_rotation_keeps_5_newest_then_one_a_day_for_7_days_then_one_a_week_for_4_weeks() -> None:
    start = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)  # a Monday
    # Three backups a day (9:00, 13:00, 17:00) for 60 days: the newest is Thursday 1 October.
    times = [start + timedelta(days=d, hours=h) for d in range(60) for h in (0, 4, 8)]
    backups = _backups(times)
    kept = {b.saved_at for b in backups if b.path in to_keep(backups)}

    def at(month: int, day: int, hour: int) -> datetime:
        return datetime(2026, month, day, hour, tzinfo=UTC)

    newest_five = {at(10, 1, 17), at(10, 1, 13), at(10, 1, 9), at(9, 30, 17), at(9, 30, 13)}
    daily = {at(9, d, 17) for d in (30, 29, 28, 27, 26, 25)}  # with 1 October: 7 days
    # Weeks run Monday to Sunday: 28 Sep-1 Oct and 21-27 Sep are covered by the daily ones.
    weekly = {at(9, 20, 17), at(9, 13, 17)}
    assert kept == newest_five | daily | weekly


def test_rotation_never_drops_the_only_backups() -> None:
    backups = _backups([datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2, 3)])
    assert to_keep(backups) == {b.path for b in backups}


def test_rotation_keeps_nothing_older_than_35_days_however_rarely_the_file_is_used() -> None:
    # The review's finding 11: one backup a month kept one 180 days old, and with it any family
    # erased since. Now nothing more than 35 days older than the newest backup is kept.
    monthly = _backups([datetime(2026, m, 1, tzinfo=UTC) for m in range(1, 13)])
    kept = [b for b in monthly if b.path in to_keep(monthly)]
    assert [b.saved_at.month for b in kept] == [12, 11]
    weekly = _backups([datetime(2026, 1, 5, tzinfo=UTC) + timedelta(weeks=w) for w in range(20)])
    kept = [b for b in weekly if b.path in to_keep(weekly)]
    assert kept[0].saved_at - kept[-1].saved_at <= timedelta(days=35)


def test_an_erased_family_leaves_the_backups_within_35_days(case_path: Path, clock: Clock) -> None:
    from storage_helpers import contains

    from sendadvisor.storage import cipher

    def names_in_backups() -> list[bool]:
        salt = cipher.read_head(case_path, cipher.SALT_BYTES)
        key = cipher.derive_key(PASSPHRASE, salt)
        found = []
        for backup in list_backups(case_path):
            conn = cipher.connect(backup.path, key, read_only=True)
            try:
                rows = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            finally:
                conn.close()
            found.append(rows > 0)
        return found

    with CaseFile.open(case_path, PASSPHRASE, create=True, clock=clock) as case_file:
        case_id = case_file.add_case(circumstances("Zebediah Quux"), [])
    for _ in range(3):  # monthly use
        clock.advance(days=30)
        with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
            case_file.backup_now()
    assert any(names_in_backups())
    clock.advance(days=30)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        case_file.delete_case(case_id)
    assert any(names_in_backups())  # the last month's backups still hold it (documented)
    clock.advance(days=36)
    with CaseFile.open(case_path, PASSPHRASE, clock=clock) as case_file:
        case_file.backup_now()
    assert not any(names_in_backups())
    assert not contains(case_path, "Zebediah")
