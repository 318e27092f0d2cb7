"""Two-way sync of a case file with the service register: pull what changed elsewhere, merge,
push what changed here. Safe to interrupt at any moment and run again.

How it stays correct:

* **Pull** reads, in one REPEATABLE READ snapshot, every record written by a transaction at or
  after the last mark, then takes as the new mark the oldest transaction still running in that
  snapshot (`pg_snapshot_xmin`): anything written before it is visible now, anything after is
  read again next time. Records are applied in pages, each in one case-file transaction, and
  are idempotent (a case already at that version is skipped; a note already here is not added
  again); the new mark is written only after the last page. A sync killed half way reads the
  same records again and changes nothing twice.
* **Push** sends each changed record with the version it was made on; the register takes it
  only if it still has that version (then version + 1), in one transaction per page. A record
  the register did not take (changed elsewhere meanwhile) waits: the next pull merges it. A push
  the register took whose answer never arrived comes back in the next pull, equal to ours, and
  simply stops waiting.
* **Merge**: a case changed both here and in the register is merged field by field against the
  base (the version both last had, `sync_base`); a field changed differently on both sides
  becomes a conflict: this file keeps its own value, the register's is stored beside it, and
  the case is not pushed until the adviser chooses (`resolve`).
* **Erasure wins**: a tombstone erases the family here, and ours erases it (with its notes and
  letters) in the register, whatever was edited meanwhile.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.types.json import Jsonb

from sendadvisor.i18n import _
from sendadvisor.register import merge, schema, server
from sendadvisor.register.errors import Refused, RegisterError

if TYPE_CHECKING:
    from sendadvisor.storage import CaseFile
    from sendadvisor.storage.syncing import StoredConflict, SyncBatch

PAGE = 1000  # records per case-file transaction and per push
MAX_ROUNDS = 3  # pull-push rounds when another laptop keeps pushing the same cases meanwhile

_PULL = """
SELECT uuid::text, kind, case_uuid::text, version, changed_at, adviser, device::text, erased,
  data
FROM sendadvisor.records
WHERE written_in >= %(mark)s::xid8
  -- another laptop's own entries (opening its file) are its business, not this one's
  AND NOT (kind = 'audit' AND device <> %(device)s::uuid AND data->>'case_id' IS NULL)
ORDER BY kind <> 'case', written_in
"""

_PUSH = """
INSERT INTO sendadvisor.records AS r
  (uuid, kind, case_uuid, version, changed_at, device, erased, data)
SELECT p.uuid, p.kind, p.case_uuid, p.version, p.changed_at, %(device)s::uuid, p.erased, p.data
FROM push_in p
-- a note or letter of a family erased elsewhere stays out (its case's erasure comes next pull)
WHERE p.kind IN ('case', 'audit') OR NOT EXISTS (
  SELECT 1 FROM sendadvisor.records c WHERE c.uuid = p.case_uuid AND c.erased)
ON CONFLICT (uuid) DO UPDATE
  SET version = r.version + 1, changed_at = excluded.changed_at, device = excluded.device,
      erased = excluded.erased, data = excluded.data
  WHERE NOT r.erased AND r.kind = excluded.kind
    AND (r.version = excluded.version - 1 OR excluded.erased)
RETURNING r.uuid::text, r.version
"""


@dataclass(frozen=True)
class Pulled:
    """One record as the register holds it."""

    uuid: str
    kind: str
    case_uuid: str | None
    version: int
    changed_at: str
    adviser: str
    device: str
    erased: bool
    data: dict[str, Any] | None


@dataclass(frozen=True)
class ConflictView:
    """A field changed differently here and in the register, waiting for the adviser."""

    case_id: str
    field: str
    mine: Any  # merge.MISSING when the field is absent here
    theirs: Any
    theirs_by: str
    theirs_at: str


@dataclass
class SyncReport:
    """What one sync moved, and what waits for the adviser."""

    pushed: collections.Counter[str] = field(default_factory=collections.Counter)
    pulled: collections.Counter[str] = field(default_factory=collections.Counter)
    erased_here: list[str] = field(default_factory=list)  # case ids erased because of the register
    merged: int = 0  # cases changed on both sides and merged field by field
    new_conflicts: int = 0
    conflicts: list[ConflictView] = field(default_factory=list)  # all waiting, old ones too
    waiting: int = 0  # changes the register did not take this time (sent at the next sync)
    # Notes and letters the register did not take because their family was erased elsewhere
    # (they never go: the erasure reaches this file with the next pull).
    dropped: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        """Whether any family's record moved (audit entries alone do not count: each sync that
        moved something leaves one, which the next sync sends)."""
        counts = [n for kind, n in (*self.pushed.items(), *self.pulled.items()) if kind != "audit"]
        return bool(sum(counts) or self.erased_here)


class NoSuchConflict(RegisterError):
    """`resolve` named a case and field with no conflict waiting."""


class ConflictOutdated(RegisterError):
    """The register's value of a conflict has nowhere to go any more: the case changed here
    since (e.g. the concern it belongs to was removed)."""


def sync(
    case_file: CaseFile,
    dsn: str,
    *,
    password: str | None = None,
) -> SyncReport:
    """Sync the open case file with the register at `dsn`; raises RegisterError when the
    register cannot be used (nothing is lost: the next sync picks up where this one stopped)."""
    report = SyncReport()
    with server.connect(dsn, password=password, autocommit=True) as conn:
        try:
            _check_ready(conn, dsn)
            with case_file.sync_batch(changes=False) as batch:
                device = batch.device()
            for _round in range(MAX_ROUNDS):
                _pull(conn, case_file, device, report)
                taken, refused, dropped = _push(conn, case_file, device, report)
                if not refused and not dropped:
                    break
            # Notes and letters of a family erased elsewhere never go: not counted as waiting
            # (the next pull brings the erasure, which takes them off this file too).
            report.waiting = refused
            if taken:
                # Our own changes come back with their versions (not counted again: they are
                # already here); what others wrote meanwhile is received like any pull's.
                _pull(conn, case_file, device, report)
        except psycopg.Error as error:
            raise server.translate(error, dsn) from None
    with case_file.sync_batch(changes=report.moved) as batch:
        if report.moved:
            batch.log("register_synced", None, _summary(report))
        report.conflicts = _views(batch)
    return report


def _check_ready(conn: psycopg.Connection, dsn: str) -> None:
    where = server.describe(dsn)
    applied = schema.applied_migrations(conn)
    if applied is None:
        raise RegisterError(
            _(
                "the register at {where} is not set up (or this role may not use it): ask "
                "whoever runs it to run 'sendadvisor register init'"
            ).format(where=where)
        )
    newer = [name for name in applied if name not in schema.known_migrations()]
    if newer:
        raise Refused(
            _(
                "the register at {where} was set up by a newer sendadvisor: update sendadvisor "
                "on this computer before syncing"
            ).format(where=where)
        )
    if set(schema.known_migrations()) - set(applied):
        raise RegisterError(
            _(
                "the register at {where} needs upgrading for this sendadvisor: ask whoever runs "
                "it to run 'sendadvisor register init'"
            ).format(where=where)
        )
    row = conn.execute("SELECT sendadvisor.my_service(), current_user").fetchone()
    if row is None or row[0] is None:
        role = row[1] if row else "?"
        raise Refused(
            _(
                "the database role {role} is no adviser of a service in the register at "
                "{where}: ask whoever runs it to add you ('sendadvisor register add-adviser')"
            ).format(role=role, where=where)
        )


# --- pull ------------------------------------------------------------------------------------


def _pull(conn: psycopg.Connection, case_file: CaseFile, device: str, report: SyncReport) -> None:
    with case_file.sync_batch(changes=False) as batch:
        mark = batch.mark()
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # The first query fixes the snapshot; everything below reads the same one.
        row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
        assert row is not None
        new_mark = str(row[0])
        with conn.cursor(name="sendadvisor_pull") as cursor:
            cursor.execute(_PULL, {"mark": mark, "device": device})
            while rows := cursor.fetchmany(PAGE):
                page = [_pulled(r) for r in rows]
                with case_file.sync_batch() as batch:
                    _apply(batch, page, device, report)
    with case_file.sync_batch(changes=False) as batch:
        batch.set_mark(new_mark)


def _pulled(row: Sequence[Any]) -> Pulled:
    uuid, kind, case_uuid, version, changed_at, adviser, device, erased, data = row
    when = changed_at.isoformat() if isinstance(changed_at, datetime) else str(changed_at)
    return Pulled(uuid, kind, case_uuid, int(version), when, adviser, device, bool(erased), data)


def _apply(batch: SyncBatch, page: list[Pulled], device: str, report: SyncReport) -> None:
    """Apply one page of pulled records (cases come before the notes that need them)."""
    from sendadvisor.storage.syncing import CaseIdTaken

    cases = [r for r in page if r.kind == "case"]
    uuids = [r.uuid for r in cases]
    bases = batch.base_versions(uuids)
    erased_here = batch.erased_here(uuids)
    local = batch.cases(uuids)
    waiting = _conflicts_by_case(batch, [u for u in uuids if u in local and local[u].pending])
    for record in cases:
        if record.erased or record.data is None:
            case_id = batch.erase_case(record.uuid)
            if case_id:
                report.erased_here.append(case_id)
            continue
        if bases.get(record.uuid, 0) >= record.version or record.uuid in erased_here:
            continue  # already here (our own push coming back), or erased here: erasure wins
        mine = local.get(record.uuid)
        try:
            if (
                mine is not None
                and mine.pending
                and record.device == device
                and record.version == mine.base_version + 1
            ):
                # Our own push, taken by the register but not yet noted here (a sync cut short):
                # the register holds an older state of this very file, so ours stands. Only the
                # very next version: a later one (a restored backup, a copied case file) may
                # hold other advisers' changes, and is merged three ways like any other.
                batch.store_case(
                    record.uuid,
                    mine.data,
                    base_version=record.version,
                    base_data=record.data,
                    pending=not merge.same(mine.data, record.data),
                )
                continue
            if mine is None or not mine.pending:
                batch.store_case(
                    record.uuid,
                    record.data,
                    base_version=record.version,
                    base_data=record.data,
                    pending=False,
                )
            else:
                _merge_case(batch, record, mine.data, mine.base_data, waiting, report)
        except CaseIdTaken as clash:
            report.problems.append(
                _(
                    "case {case} in the register is a different family from case {case} here, "
                    "so it was not copied: tell whoever runs the register"
                ).format(case=clash.case_id)
            )
            continue
        report.pulled["case"] += 1
    for kind in ("note", "letter", "audit"):
        records = [r for r in page if r.kind == kind and not r.erased and r.data is not None]
        present = batch.present(kind, [r.uuid for r in records])
        for record in records:
            if record.uuid in present:
                batch.clear_pending([record.uuid])  # ours, back from the register
            elif record.data is not None and batch.add_record(
                kind, record.uuid, record.case_uuid, record.data
            ):
                report.pulled[kind] += 1


def _conflicts_by_case(batch: SyncBatch, uuids: Sequence[str]) -> dict[str, list[StoredConflict]]:
    wanted = set(uuids)
    found: dict[str, list[StoredConflict]] = collections.defaultdict(list)
    if wanted:
        for conflict in batch.conflicts():
            if conflict.case_uuid in wanted:
                found[conflict.case_uuid].append(conflict)
    return found


def _merge_case(
    batch: SyncBatch,
    record: Pulled,
    mine: dict[str, Any],
    base: dict[str, Any] | None,
    waiting: dict[str, list[StoredConflict]],
    report: SyncReport,
) -> None:
    """A case changed here and in the register: merge field by field against the base."""
    assert record.data is not None
    merged, found = merge.merge(base or {}, mine, record.data)
    conflicts = {c.field: (c.field, list(c.path), _wrap(c.mine), _wrap(c.theirs)) for c in found}
    # A conflict still waiting stays until the adviser chooses, even where the register's side
    # did not change again (the plain merge would then quietly keep ours).
    for old in waiting.get(record.uuid, []):
        if old.field in conflicts:
            continue
        path = tuple(old.path)
        theirs = _at(record.data, path)
        if not merge.same(theirs, _at(merged, path)):
            conflicts[old.field] = (old.field, old.path, old.mine, _wrap(theirs))
    report.new_conflicts += len(set(conflicts) - {c.field for c in waiting.get(record.uuid, [])})
    report.merged += 1
    batch.set_conflicts(record.uuid, list(conflicts.values()), record.adviser, record.changed_at)
    batch.store_case(
        record.uuid,
        merged,
        base_version=record.version,
        base_data=record.data,
        pending=bool(conflicts) or not merge.same(merged, record.data),
    )


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(document, list) and part < len(document):
            document = document[part]
        elif isinstance(part, str) and isinstance(document, dict) and part in document:
            document = document[part]
        else:
            return merge.MISSING
    return document


def _wrap(value: Any) -> dict[str, Any]:
    return {} if value is merge.MISSING else {"value": value}


def _unwrap(value: dict[str, Any]) -> Any:
    return value["value"] if "value" in value else merge.MISSING


# --- push ------------------------------------------------------------------------------------


def _push(
    conn: psycopg.Connection, case_file: CaseFile, device: str, report: SyncReport
) -> tuple[int, int, int]:
    """Send every waiting change; returns how many the register took, how many it did not
    (changed elsewhere meanwhile: they wait), and how many notes and letters it did not take
    because their family was erased elsewhere (they never go)."""
    after = 0
    taken = refused = dropped = 0
    while True:
        with case_file.sync_batch(changes=False) as batch:
            items, after = batch.outgoing(after, PAGE)
        if not items:
            break
        ready = [item for item in items if not item.blocked]
        versions, orphaned = _push_page(conn, ready, device) if ready else ({}, set())
        with case_file.sync_batch() as batch:
            for item in ready:
                version = versions.get(item.uuid)
                if version is None:
                    if item.uuid in orphaned:
                        dropped += 1
                        report.dropped += 1
                    else:
                        refused += 1
                    continue
                batch.pushed(item.uuid, item.serial, version, item.data)
                taken += 1
                report.pushed["erasure" if item.data is None else item.kind] += 1
    return taken, refused, dropped


def _push_page(
    conn: psycopg.Connection, items: list[Any], device: str
) -> tuple[dict[str, int], set[str]]:
    """One page in one register transaction; returns the version of each record it took, and
    the notes and letters it did not take because their family is erased in the register.

    Nothing outlives the transaction (the table it fills is dropped at commit, and no statement
    is prepared: see server.connect), so a pooler in transaction mode may stand in front."""
    with conn.transaction():
        with conn.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE push_in (uuid uuid, kind text, case_uuid uuid, "
                "version bigint, changed_at timestamptz, erased boolean, data jsonb) "
                "ON COMMIT DROP"
            )
            copying = "COPY push_in (uuid, kind, case_uuid, version, changed_at, erased, data)"  # not for people
            with cursor.copy(copying + " FROM STDIN") as copy:
                for item in items:
                    copy.write_row(
                        (
                            item.uuid,
                            item.kind,
                            item.case_uuid,
                            item.base_version + 1,
                            item.changed_at,
                            item.data is None,
                            None if item.data is None else Jsonb(item.data),
                        )
                    )
            # Wait for any erasure of the cases these notes and letters belong to, so a note
            # never lands beside a family erased at the same moment.
            cursor.execute(
                "SELECT 1 FROM sendadvisor.records WHERE uuid IN "
                "(SELECT case_uuid FROM push_in WHERE kind IN ('note', 'letter')) FOR SHARE"
            )
            cursor.execute(_PUSH, {"device": device})
            versions = {uuid: int(version) for uuid, version in cursor.fetchall()}
            cursor.execute(
                "SELECT p.uuid::text FROM push_in p WHERE p.kind IN ('note', 'letter') AND "
                "EXISTS (SELECT 1 FROM sendadvisor.records c "
                "WHERE c.uuid = p.case_uuid AND c.erased)"
            )
            orphaned = {uuid for (uuid,) in cursor.fetchall()} - set(versions)
            tombstones = [i.uuid for i in items if i.data is None]
            if tombstones:
                # Erased elsewhere too, before ours arrived: nothing more to do.
                cursor.execute(
                    "SELECT uuid::text, version FROM sendadvisor.records "
                    "WHERE uuid = ANY(%s::uuid[]) AND erased",
                    [tombstones],
                )
                versions.update({uuid: int(version) for uuid, version in cursor.fetchall()})
                # The family's notes and letters go with it (audit entries hold no details).
                cursor.execute(
                    "UPDATE sendadvisor.records SET erased = true, data = NULL, "
                    "version = version + 1, changed_at = now(), device = %s::uuid "
                    "WHERE kind IN ('note', 'letter') AND NOT erased "
                    "AND case_uuid = ANY(%s::uuid[])",
                    [device, tombstones],
                )
    return versions, orphaned


# --- conflicts ---------------------------------------------------------------------------------


def _views(batch: SyncBatch) -> list[ConflictView]:
    """Every conflict waiting, with this file's value as it is now (it may have been edited
    since the conflict was found: "mine" keeps that, not the value stored then)."""
    waiting = batch.conflicts()
    current = batch.cases(sorted({c.case_uuid for c in waiting}))
    views = []
    for conflict in waiting:
        here = current.get(conflict.case_uuid)
        mine = _at(here.data, tuple(conflict.path)) if here else _unwrap(conflict.mine)
        views.append(
            ConflictView(
                conflict.case_id,
                conflict.field,
                mine,
                _unwrap(conflict.theirs),
                conflict.theirs_by,
                conflict.theirs_at,
            )
        )
    return views


def conflicts(case_file: CaseFile) -> list[ConflictView]:
    """Every conflict waiting for the adviser (no register needed)."""
    with case_file.sync_batch(changes=False) as batch:
        return _views(batch)


def resolve(case_file: CaseFile, case_id: str, field_name: str, choice: str) -> None:
    """Settle one conflict: keep this file's value (`mine`) or the register's (`theirs`). The
    audit trail records the choice; the next sync sends the result. No register needed."""
    from sendadvisor.storage import normal_case_id

    if choice not in ("mine", "theirs"):
        raise NoSuchConflict(_("choose mine or theirs, not {choice!r}").format(choice=choice))
    wanted = normal_case_id(case_id)
    with case_file.sync_batch() as batch:
        waiting = batch.conflicts()
        chosen = [c for c in waiting if c.case_id == wanted and c.field == field_name]
        if not chosen:
            of_case = [c.field for c in waiting if c.case_id == wanted]
            hint = (
                _(" (its conflicts: {fields})").format(fields=", ".join(of_case)) if of_case else ""
            )
            raise NoSuchConflict(
                _("case {case} has no conflict on {field}").format(case=wanted, field=field_name)
                + hint
            )
        conflict = chosen[0]
        current = batch.cases([conflict.case_uuid])[conflict.case_uuid].data
        if choice == "mine":
            data = current  # as it is now, with any change made here since the conflict
        else:
            try:
                data = merge.with_value(current, tuple(conflict.path), _unwrap(conflict.theirs))
            except (LookupError, TypeError):
                raise ConflictOutdated(
                    _(
                        "case {case} changed here since the conflict on {field} was found, so "
                        "the register's value has nowhere to go: keep mine, or change the case "
                        "by hand"
                    ).format(case=wanted, field=field_name)
                ) from None
        # The audit trail's details stay as written, in English (a stored record, synced).
        side = "mine" if choice == "mine" else f"theirs ({conflict.theirs_by})"
        batch.resolve(conflict, data, f"{field_name}: kept {side}")


def _summary(report: SyncReport) -> str:
    """The audit entry's detail: counts only, never a family's details."""
    sent = ", ".join(f"{n} {kind}" for kind, n in sorted(report.pushed.items()))
    got = ", ".join(f"{n} {kind}" for kind, n in sorted(report.pulled.items()))
    parts = [f"sent {sent or 'nothing'}", f"received {got or 'nothing'}"]
    if report.erased_here:
        parts.append(f"{len(report.erased_here)} erased")
    if report.new_conflicts:
        parts.append(f"{report.new_conflicts} new conflicts")  # not for people: the audit trail
    return "; ".join(parts)


def remembered_server(case_file: CaseFile) -> str | None:
    """The register this case file syncs with in the app (a DSN without a password)."""
    with case_file.sync_batch(changes=False) as batch:
        return batch.setting("server")


def remember_server(case_file: CaseFile, dsn: str | None) -> None:
    if dsn:
        server.connection_settings(dsn)  # refuse a DSN we would refuse to connect with
    with case_file.sync_batch() as batch:
        batch.set_setting("server", dsn)
