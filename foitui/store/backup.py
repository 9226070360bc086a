"""Rotating backups, `foitui check` and `foitui restore`.

The corpus shards are large and foitui only ever replaces them (never writes into them), so a
backup hard-links them: instant at any size. Everything else (index, triage, journal) is small
and copied, so that damage done to a live file in place cannot reach its backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from foitui.errors import CorruptStoreError, StoreError
from foitui.store.files import DIR_MODE, FILE_MODE, ensure_dir, fsync_dir, read_json
from foitui.store.layout import CORPUS, SCHEMA_VERSION, Layout

KEEP_BACKUPS = 5


def _link_or_copy(src: Path, dst: Path) -> None:
    ensure_dir(dst.parent)
    if src.parent.name != CORPUS:
        shutil.copyfile(src, dst)
        os.chmod(dst, FILE_MODE)
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
        os.chmod(dst, FILE_MODE)


def make_backup(root: Path) -> Path | None:
    """Snapshot the store's data files; keeps the newest KEEP_BACKUPS snapshots."""
    layout = Layout(root)
    files = layout.data_files()
    if not files:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = layout.backups / stamp
    tmp = layout.backups / f".{stamp}.partial"
    ensure_dir(tmp)
    for path in files:
        _link_or_copy(path, tmp / path.relative_to(root))
    os.replace(tmp, target)
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


def check_files(root: Path) -> list[str]:
    """Problems with a store directory (or a backup of one), as readable lines."""
    layout = Layout(root)
    problems: list[str] = []
    if not layout.index.exists():
        if layout.data_files():
            problems.append(f"{layout.index} is missing")
        return problems
    try:
        data = read_json(layout.index)
        meta = (data or {}).get("meta", {}).get("1", {})
        if not isinstance(meta.get("schema"), int):
            problems.append(f"{layout.index} has no schema version")
        elif meta["schema"] > SCHEMA_VERSION:
            problems.append(
                f"{layout.index} has schema {meta['schema']}, newer than {SCHEMA_VERSION}"
            )
        requests = [str(i) for i in (data or {}).get("columns", {}).get("1", {}).get("id", [])]
    except CorruptStoreError as error:
        return [str(error)]
    shards: dict[Path, dict] = {}
    for path in layout.data_files():
        if path.suffix != ".json" or path == layout.index:
            continue
        try:
            shards[path] = read_json(path) or {}
        except CorruptStoreError as error:
            problems.append(str(error))
    for rid in requests:
        shard = layout.corpus((int(rid) - 1) // 1000)
        table = shards.get(shard, {}).get("records", {})
        if shard in shards and rid not in table:
            problems.append(f"{shard} lacks request {rid}")
        elif shard not in shards and not any(shard == p for p in problems):
            problems.append(f"{shard} is missing (request {rid})")
    return sorted(set(problems))


def check_store(root: Path) -> list[str]:
    if not root.is_dir():
        return [f"no store at {root}"]
    problems = check_files(root)
    for path in [root, *Layout(root).data_files()]:
        mode = path.stat().st_mode & 0o777
        wanted = DIR_MODE if path.is_dir() else FILE_MODE
        if mode & ~wanted:
            problems.append(f"{path} is readable by others (mode {mode:o}; want {wanted:o})")
    return problems


@dataclass(frozen=True)
class Restored:
    """What `restore_latest` did: which backup it brought back, and where it put the files it
    replaced (a backup of them when they were sound, else a `damaged/` folder)."""

    backup: str
    kept: Path | None

    @property
    def taken(self) -> str:
        """When the backup was taken, for people: "2026-11-26 09:12:05 UTC"."""
        try:
            when = datetime.strptime(self.backup, "%Y%m%dT%H%M%S%fZ")
        except ValueError:
            return self.backup
        return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def restore_latest(root: Path) -> Restored:
    """Replace the store's data files with the newest backup that passes the check."""
    for backup in backups(root):
        if check_files(backup):
            continue
        layout = Layout(root)
        # Keep what is there now, in case the user wants it back.
        kept = make_backup(root) if not check_files(root) else _quarantine(root)
        for path in layout.data_files():
            path.unlink()
        # The search index describes the files being replaced: the next search rebuilds it.
        with contextlib.suppress(FileNotFoundError):
            layout.search.unlink()
        for src in sorted(p for p in backup.rglob("*") if p.is_file()):
            dst = root / src.relative_to(backup)
            ensure_dir(dst.parent)
            shutil.copyfile(src, dst)
            os.chmod(dst, FILE_MODE)
        for directory in (root, layout.corpus_dir, layout.triage_dir):
            if directory.is_dir():
                os.chmod(directory, DIR_MODE)
                fsync_dir(directory)
        return Restored(backup.name, kept)
    raise StoreError(f"no good backup in {Layout(root).backups}")


def _quarantine(root: Path) -> Path | None:
    """Move damaged files aside (never delete what might still be wanted); the folder, if any
    file was there to move."""
    layout = Layout(root)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = root / "damaged" / stamp
    for path in layout.data_files():
        dst = target / path.relative_to(root)
        ensure_dir(dst.parent)
        with contextlib.suppress(OSError):
            os.replace(path, dst)
    return target if target.is_dir() else None
