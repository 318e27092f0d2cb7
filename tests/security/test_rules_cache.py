"""The rules cache is plain data in the adviser's cache folder, checked by content (review finding 19)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
from pathlib import Path

from sendadvisor.resources import resource_path
from sendadvisor.rules import cache as rules_cache
from sendadvisor.rules.rulebook import load_rulebook


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), folder)
    return folder


class _Payload:
    """What the review's poisoned pickle did: run a command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_poisoned_pickle_in_the_cache_file_runs_nothing(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    cache_file = tmp_path / "cache" / "rules.json"
    cache_file.parent.mkdir()
    marker = tmp_path / "PWNED"
    cache_file.write_bytes(pickle.dumps(_Payload(marker)))
    book = rules_cache.load_rulebook_cached(folder, cache_file)
    assert not marker.exists()
    assert book == load_rulebook(folder)
    assert (
        json.loads(cache_file.read_text())["format"] == rules_cache.FORMAT
    )  # replaced by plain data


def test_the_cache_is_json_0600_and_an_edited_cache_is_rebuilt_from_the_rules(
    tmp_path: Path,
) -> None:
    folder = _copy_rules(tmp_path)
    cache_file = tmp_path / "cache" / "rules.json"
    first = rules_cache.load_rulebook_cached(folder, cache_file)
    assert first == load_rulebook(folder)
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    stored = json.loads(cache_file.read_text())
    # Someone edits a cached value but keeps the key: the cache's own checksum no longer
    # matches, so the rules are read and checked again from their files.
    assert '"months":2' in stored["book"]
    stored["book"] = stored["book"].replace('"months":2', '"months":9')
    cache_file.write_text(json.dumps(stored))
    assert rules_cache.load_rulebook_cached(folder, cache_file) == first
    # A cache naming a class that is not one of the rules' own is refused, even with a matching
    # checksum: reading a cache can only construct rules, never run code.
    stored = json.loads(cache_file.read_text())
    forged = stored["book"].replace('"__nt__":"Source"', '"__nt__":"Popen"', 1)
    stored.update(book=forged, sum=rules_cache._checksum([forged.encode()], b""))
    cache_file.write_text(json.dumps(stored))
    assert rules_cache.load_rulebook_cached(folder, cache_file) == first
    # A cache for other content (a forged key) is ignored and rewritten.
    stored["key"] = "0" * 16
    cache_file.write_text(json.dumps(stored))
    assert rules_cache.load_rulebook_cached(folder, cache_file) == first


def test_an_edit_keeping_size_and_time_is_still_seen(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    cache_file = tmp_path / "cache" / "rules.json"
    rules_cache.load_rulebook_cached(folder, cache_file)
    path = folder / "routes" / "mediation.toml"
    before = path.stat()
    text = path.read_text()
    assert 'title = "Mediation"' in text
    path.write_text(text.replace('title = "Mediation"', 'title = "Mediatiox"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = rules_cache.load_rulebook_cached(folder, cache_file)
    assert [r.title for r in changed.routes if r.id == "mediation"] == ["Mediatiox"]


def test_a_read_only_install_works_and_the_cache_goes_to_the_user_folder(tmp_path: Path) -> None:
    from sendadvisor import app
    from sendadvisor.rules import rulebook

    folder = _copy_rules(tmp_path)
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chmod(os.path.join(top, name), 0o555 if name in dirs else 0o444)
    os.chmod(folder, 0o555)
    package = Path(rulebook.__file__).parent
    before = {p: p.stat().st_mtime_ns for p in package.rglob("*") if "rules" in p.name}
    try:
        cache_file = app.rules_cache_file()
        assert cache_file.startswith(os.environ["SENDADVISOR_HOME"])
        book = rules_cache.load_rulebook_cached(folder, cache_file)
        assert book == rules_cache.load_rulebook_cached(folder, cache_file)
        assert Path(cache_file).exists()
        # Nothing is written beside the code any more (the old cache was rules/__pycache__/rules.pickle).
        assert {p: p.stat().st_mtime_ns for p in package.rglob("*") if "rules" in p.name} == before
    finally:
        for top, _dirs, _ in os.walk(folder):
            os.chmod(top, 0o755)


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    book = rules_cache.load_rulebook_cached(folder, blocked / "rules.json")
    assert book == load_rulebook(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "not-a-folder",
        "rules",
    ]  # nothing left behind
