"""Rotating backups, `foitui check` and `foitui restore`.

A backup is a copy that no damage to the live files can reach: every file is copied (never
hard-linked to the live store, whose files a full disk, an editor or `truncate` may damage in
place), and each copy is checked against the source's SHA-256 when the backup is made; the
sums go into the backup's MANIFEST.json so that `check` and `restore` can verify it later.
Corpus shards are large and written once: a shard the live store has not replaced since the
previous backup (same size and modification time as that backup recorded) is hard-linked to
the previous backup's copy, so backups share it with each other, never with the live store.

`restore` repairs only what is damaged: the index, lookup and corpus files come back from the
newest good backup; a damaged triage shard is rebuilt from the backup's copy and the journal
entries made since (the journal and the store agree, see store.py), so no edit is lost. It
never rolls back triage state or the journal unless asked (`lose_changes`), and then says
what is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from foitui.errors import CorruptStoreError, StoreBusyError, StoreError
from foitui.kinds import LinkKind, Outcome
from foitui.store.files import (
    DIR_MODE,
    FILE_MODE,
    SHARED_DIR_MODE,
    SHARED_FILE_MODE,
    _write_error,
    atomic_write_bytes,
    atomic_write_json,
    ensure_dir,
    file_mode,
    fsync_dir,
    is_shared,
    read_json,
    read_lines_from,
    register_store,
    unsafe_entries,
)
from foitui.store.layout import CORPUS, SCHEMA_VERSION, SHARD_SIZE, TRIAGE, Layout, shard_of

KEEP_BACKUPS = 5
LOCK_TIMEOUT_S = 10.0
MANIFEST = "MANIFEST.json"
_CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_verified(src: Path, dst: Path) -> str:
    """Copy `src` to `dst` (fsynced, private) and return its SHA-256, checked on the copy."""
    digest = hashlib.sha256()
    mode = file_mode(dst.parent)
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as out, src.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(dst, mode)
    if _sha256(dst) != digest.hexdigest():
        raise StoreError(f"the backup copy of {src} does not match it; the backup was not made")
    return digest.hexdigest()


def _read_manifest(backup: Path) -> dict[str, dict[str, Any]]:
    with contextlib.suppress(OSError, ValueError, CorruptStoreError):
        data = read_json(backup / MANIFEST)
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if isinstance(v, dict)}
    return {}


def clean_partial_backups(root: Path) -> None:
    """Remove backups left half-made by a killed process or a full disk (`.<stamp>.partial`)."""
    directory = Layout(root).backups
    if directory.is_dir():
        for path in directory.glob(".*.partial"):
            shutil.rmtree(path, ignore_errors=True)


def make_backup(root: Path) -> Path | None:
    """Snapshot the store's data files; keeps the newest KEEP_BACKUPS snapshots.

    The caller holds the store's lock. A backup that cannot be completed (a full disk) leaves
    nothing behind and raises.
    """
    layout = Layout(root)
    files = layout.data_files()
    if not files:
        return None
    clean_partial_backups(root)
    previous = backups(root)[:1]
    shared = _read_manifest(previous[0]) if previous else {}
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = layout.backups / stamp
    tmp = layout.backups / f".{stamp}.partial"
    try:
        ensure_dir(tmp)
        manifest: dict[str, dict[str, Any]] = {}
        for path in files:
            rel = path.relative_to(root).as_posix()
            dst = tmp / rel
            ensure_dir(dst.parent)
            st = path.stat()
            before = shared.get(rel)
            if (
                path.parent.name == CORPUS
                and before is not None
                and (before.get("size"), before.get("mtime_ns")) == (st.st_size, st.st_mtime_ns)
            ):
                # Not replaced since the previous backup: share that backup's verified copy.
                with contextlib.suppress(OSError):
                    os.link(previous[0] / rel, dst)
                    manifest[rel] = before
                    continue
            digest = _copy_verified(path, dst)
            manifest[rel] = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        atomic_write_json(tmp / MANIFEST, manifest)
        os.replace(tmp, target)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        # One clear line (a full disk), not "unexpected OSError"; nothing of the store changed.
        raise _write_error(target, error) from error
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(layout.backups)
    for old in backups(root)[KEEP_BACKUPS:]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def backups(root: Path) -> list[Path]:
    """Complete backups, newest first."""
    directory = Layout(root).backups
    if not directory.is_dir():
        return []
    return sorted(
        (p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True
    )


# ----------------------------------------------------------------------------- checking


_OUTCOMES = {o.value for o in Outcome}
_LINK_KINDS = {k.value for k in LinkKind}


def triage_faults(path: Path, data: Any, *, full: bool = True) -> list[str]:
    """What in a triage shard does not fit its schema (each fault named precisely).

    Not `full`: only what reading the store would trip over (documents and links), cheap
    enough to check on every open."""
    faults = []
    table = data.get("triage") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return [f"{path} has no triage table"]
    for key, doc in table.items():
        where = f"{path}: request {key}"
        if not key.isdigit():
            faults.append(f"{where}: the request id is not a number")
            continue
        if not isinstance(doc, dict):
            faults.append(f"{where}: not an object")
            continue
        links = doc.get("links", {})
        if not isinstance(links, dict):
            faults.append(f"{where}: links are not an object")
            links = {}
        for name, link in links.items():
            if not isinstance(link, dict):
                faults.append(f"{where}: link {name!r} is not an object")
            elif not isinstance(link.get("target"), str) or not link["target"].strip():
                faults.append(f"{where}: link {name!r} has no target")
            elif link.get("kind") not in _LINK_KINDS:
                faults.append(f"{where}: link {name!r} has an unknown kind {link.get('kind')!r}")
        if not full:
            continue
        fields = doc.get("fields", {})
        if not isinstance(fields, dict) or not all(
            v is None or isinstance(v, str) for v in fields.values()
        ):
            faults.append(f"{where}: fields are not text")
        questions = doc.get("questions", {})
        if not isinstance(questions, dict):
            faults.append(f"{where}: questions are not an object")
            questions = {}
        for qkey, question in questions.items():
            qwhere = f"{where}: question {qkey!r}"
            if not isinstance(question, dict):
                faults.append(f"{qwhere}: not an object")
                continue
            if "outcome" in question and question["outcome"] not in _OUTCOMES:
                faults.append(f"{qwhere}: unknown outcome {question['outcome']!r}")
            exemptions = question.get("exemptions", [])
            if not isinstance(exemptions, list) or not all(isinstance(e, str) for e in exemptions):
                faults.append(f"{qwhere}: exemptions are not a list of codes")
            if not isinstance(question.get("note"), str | None):
                faults.append(f"{qwhere}: the note is not text")
            hours = question.get("hours")
            if hours is not None and (not isinstance(hours, int | float) or hours < 0):
                faults.append(f"{qwhere}: hours are not a number of hours")
    return faults


def _index_faults(path: Path, data: Any) -> tuple[list[str], list[str]]:
    """Faults of index.json, and the request ids it lists."""
    meta = (data or {}).get("meta", {}).get("1", {}) if isinstance(data, dict) else {}
    if not isinstance(meta, dict) or not isinstance(meta.get("schema"), int):
        return [f"{path} has no schema version"], []
    if meta["schema"] > SCHEMA_VERSION:
        return [f"{path} has schema {meta['schema']}, newer than {SCHEMA_VERSION}"], []
    columns = data.get("columns", {}).get("1", {})
    ids = columns.get("id") if isinstance(columns, dict) else None
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return [f"{path}: the request ids are damaged"], []
    for name, column in columns.items():
        if not isinstance(column, list) or len(column) != len(ids):
            return [f"{path}: the column {name!r} is damaged"], []
    return [], [str(i) for i in ids]


def file_faults(root: Path) -> dict[Path, str]:
    """Each damaged or missing data file of a store (or a backup of one), with what is wrong.

    A readable file that breaks its schema is damaged too; a corpus shard the index needs
    and that is not there is missing.
    """
    layout = Layout(root)
    faults: dict[Path, list[str]] = {}
    if not layout.index.exists():
        if layout.data_files():
            faults[layout.index] = [f"{layout.index} is missing"]
        return {p: "; ".join(f) for p, f in faults.items()}
    requests: list[str] = []
    try:
        problems, requests = _index_faults(layout.index, read_json(layout.index))
        if problems:
            faults[layout.index] = problems
    except CorruptStoreError as error:
        faults[layout.index] = [str(error)]
    readable: dict[Path, Any] = {}
    for path in layout.data_files():
        if path.suffix != ".json" or path == layout.index:
            continue
        try:
            readable[path] = read_json(path) or {}
        except CorruptStoreError as error:
            faults[path] = [str(error)]
            continue
        if path.parent.name == TRIAGE:
            problems = triage_faults(path, readable[path])
            if problems:
                faults[path] = problems
        elif path.parent.name == CORPUS and not isinstance(readable[path].get("records"), dict):
            faults[path] = [f"{path} has no records table"]
    for rid in requests:
        shard = layout.corpus(shard_of(int(rid)))
        if shard in faults:
            continue
        if shard not in readable:
            faults[shard] = [f"{shard} is missing (request {rid})"]
        elif rid not in readable[shard].get("records", {}):
            faults[shard] = [f"{shard} lacks request {rid}"]
    manifest = _read_manifest(root)
    for rel, entry in manifest.items():
        path = root / rel
        if path in faults:
            continue
        try:
            if _sha256(path) != entry.get("sha256"):
                faults[path] = [f"{path} does not match its checksum: damaged since the backup"]
        except OSError as error:
            faults[path] = [f"{path} cannot be read ({error.strerror})"]
    return {path: "; ".join(problems) for path, problems in sorted(faults.items())}


def check_files(root: Path) -> list[str]:
    """Problems with a store directory (or a backup of one), as readable lines."""
    return sorted(file_faults(root).values())


def check_store(root: Path) -> list[str]:
    if not root.is_dir():
        return [f"no store at {root}"]
    problems = check_files(root) + unsafe_entries(root)
    team = is_shared(root)  # a team store: group read/write, never world (store/sharing.py)
    for path in [root, *Layout(root).data_files()]:
        if path.is_symlink():
            continue  # named above
        mode = path.stat().st_mode & 0o777
        wanted = DIR_MODE if path.is_dir() else FILE_MODE
        if team:
            wanted = (SHARED_DIR_MODE if path.is_dir() else SHARED_FILE_MODE) & 0o777
        if mode & ~wanted:
            problems.append(f"{path} is readable by others (mode {mode:o}; want {wanted:o})")
    return problems


# ----------------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class Restored:
    """What `restore_latest` did: the backup it used (None when nothing was damaged), the
    files brought back from it, the triage shards rebuilt (with how many journal entries
    were replayed onto the backup's copy), what was lost, and where the damaged files went."""

    backup: str | None
    kept: Path | None
    restored: list[str] = field(default_factory=list)
    rebuilt: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)

    @property
    def taken(self) -> str:
        """When the backup was taken, for people: "2026-11-26 09:12:05 UTC"."""
        if self.backup is None:
            return ""
        try:
            when = datetime.strptime(self.backup, "%Y%m%dT%H%M%S%fZ")
        except ValueError:
            return self.backup
        return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def _refuse_newer(path: Path) -> None:
    with contextlib.suppress(CorruptStoreError):
        data = read_json(path)
        meta = (data or {}).get("meta", {}).get("1", {}) if isinstance(data, dict) else {}
        schema = meta.get("schema") if isinstance(meta, dict) else None
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise StoreError(
                f"{path} has schema version {schema}, newer than this foitui understands "
                f"({SCHEMA_VERSION}); upgrade foitui. Nothing was changed"
            )


def _journal_entries(path: Path) -> list[dict[str, Any]]:
    lines, _ = read_lines_from(path, 0)
    entries = []
    for line in lines:
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def _rebuilt_triage(
    shard: int, backup_copy: Path, since: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int]:
    """A triage shard from the backup's copy and the journal entries made since the backup."""
    from foitui.store import records

    data = (read_json(backup_copy) or {}) if backup_copy.exists() else {}
    table = data.get("triage", {})
    replayed = 0
    for entry in since:
        request, path = entry.get("request"), entry.get("path")
        if not request or not path or not str(request).isdigit():
            continue
        if shard_of(int(request)) != shard:
            continue
        table[str(request)] = records.set_path(
            table.get(str(request)) or {}, tuple(path), entry.get("new")
        )
        if not table[str(request)]:
            del table[str(request)]
        replayed += 1
    return {"triage": table}, replayed


def restore_latest(root: Path, *, lose_changes: bool = False) -> Restored:
    """Repair the store's damaged files from the newest backup that passes the check.

    Only damaged files are touched: the rest (and every edit since the backup) stays. A
    damaged triage shard is rebuilt from the backup and the journal; when it cannot be (no
    journal to replay), or an import since the backup would drop out of the index, nothing is
    changed unless `lose_changes`, and StoreError says what would be lost.
    """
    layout = Layout(root)
    if not layout.index.exists() and not layout.data_files() and not backups(root):
        raise StoreError(f"no good backup in {layout.backups}")
    register_store(root)  # what is brought back keeps a team store's modes
    lock = FileLock(str(layout.lock), timeout=LOCK_TIMEOUT_S, mode=file_mode(root))
    try:
        lock.acquire()
    except Timeout as error:
        raise StoreBusyError(
            f"the store {root} is busy (another foitui is writing); try again"
        ) from error
    try:
        return _restore(root, lose_changes=lose_changes)
    finally:
        lock.release()


def _restore(root: Path, *, lose_changes: bool) -> Restored:
    layout = Layout(root)
    _refuse_newer(layout.index)
    damaged = file_faults(root)
    journal_damaged = layout.journal in damaged
    if not damaged:
        return Restored(None, None)
    for backup in backups(root):
        _refuse_newer(backup / layout.index.name)
        if check_files(backup):
            continue
        journal = _journal_entries(layout.journal)
        in_backup = {e.get("id") for e in _journal_entries(backup / layout.journal.name)}
        since = [e for e in journal if e.get("id") not in in_backup]
        can_replay = layout.journal.exists() and not journal_damaged
        lost: list[str] = []
        plan: dict[Path, bytes] = {}
        rebuilt: dict[str, int] = {}
        for path in damaged:
            rel = path.relative_to(root)
            if path.parent.name == TRIAGE:
                shard = int(path.stem)
                if can_replay:
                    data, replayed = _rebuilt_triage(shard, backup / rel, since)
                    plan[path] = json.dumps(data, ensure_ascii=False).encode("utf-8")
                    rebuilt[rel.as_posix()] = replayed
                    continue
                first, last = shard * SHARD_SIZE + 1, (shard + 1) * SHARD_SIZE
                lost.append(
                    f"the edits to requests {first}-{last} made after the backup ({rel} is "
                    "damaged and there is no journal to rebuild it from)"
                )
            if not (backup / rel).exists():
                if path.parent.name == TRIAGE:
                    plan[path] = b'{"triage":{}}'
                    continue
                raise StoreError(f"{path} is damaged and the backup {backup.name} lacks it")
            plan[path] = (backup / rel).read_bytes()
        if layout.index in plan:
            lost.extend(_imports_lost(root, plan[layout.index], damaged))
        if lost and not lose_changes:
            raise StoreError(
                "restoring would lose " + "; ".join(lost) + ". Nothing was changed; run "
                "'foitui restore --lose-changes' to restore anyway"
            )
        kept = _quarantine(root, list(plan))
        for path, data in plan.items():
            ensure_dir(path.parent)
            atomic_write_bytes(path, data)
        # The search index describes the files being replaced: the next search rebuilds it.
        with contextlib.suppress(FileNotFoundError):
            layout.search.unlink()
        for directory in (root, layout.corpus_dir, layout.triage_dir):
            if directory.is_dir():
                os.chmod(directory, SHARED_DIR_MODE if is_shared(root) else DIR_MODE)
        restored = sorted(
            p.relative_to(root).as_posix()
            for p in plan
            if p.relative_to(root).as_posix() not in rebuilt
        )
        return Restored(backup.name, kept, restored, rebuilt, lost)
    raise StoreError(f"no good backup in {layout.backups}")


def _imports_lost(root: Path, index: bytes, damaged: dict[Path, str]) -> list[str]:
    """Requests in the live corpus that the backup's index would leave out."""
    layout = Layout(root)
    try:
        ids = set(json.loads(index)["columns"]["1"]["id"])
    except (ValueError, KeyError, TypeError):
        return []
    extra: list[int] = []
    for path in sorted(layout.corpus_dir.glob("[0-9]*.json")) if layout.corpus_dir.is_dir() else []:
        if path in damaged:
            continue
        with contextlib.suppress(CorruptStoreError):
            records = (read_json(path) or {}).get("records", {})
            extra.extend(int(k) for k in records if k.isdigit() and int(k) not in ids)
    if not extra:
        return []
    return [f"{len(extra)} request(s) imported after the backup (ids {min(extra)}-{max(extra)})"]


def _quarantine(root: Path, paths: list[Path]) -> Path | None:
    """Copy the damaged files aside (never delete what might still be wanted); the folder, if
    any file was there to keep."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = root / "damaged" / stamp
    for path in paths:
        if not path.is_file():
            continue
        dst = target / path.relative_to(root)
        ensure_dir(dst.parent)
        with contextlib.suppress(OSError):
            shutil.copyfile(path, dst)
            os.chmod(dst, file_mode(dst.parent))
    return target if target.is_dir() else None
