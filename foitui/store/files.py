"""Durable file primitives: atomic JSON replace, fsynced journal appends, TinyDB storage.

TinyDB's own JSONStorage truncates and rewrites its file in place, so a crash mid-write leaves
a torn file. Here every write goes to a temporary file in the same directory, is flushed and
fsynced, then `os.replace`d over the old one, and the directory is fsynced: a crash at any
instant leaves the old or the new file, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from foitui.errors import CorruptStoreError, ReadOnlyStoreError, StoreWriteError

FILE_MODE = 0o600
DIR_MODE = 0o700
# A team store (`foitui init --group`, store/sharing.py): its directories are setgid, so what
# is made in them belongs to the team's group, which may read and write it; others never may.
SHARED_FILE_MODE = 0o660
SHARED_DIR_MODE = 0o2770
TMP_MARK = ".tmp-"


# The roots of the team stores this process opened (`register_store`): files made inside one
# are the team's; anything else foitui writes (exports, letters, a private store) stays 0600.
_TEAM_ROOTS: set[Path] = set()


def is_shared(directory: Path | str) -> bool:
    """Whether a store root is a team store's: setgid (foitui never sets it otherwise)."""
    try:
        return bool(os.stat(directory).st_mode & stat.S_ISGID)
    except OSError:
        return False


def register_store(root: Path) -> None:
    """Note whether the store at `root` is a team store (its files are then made 0660)."""
    if is_shared(root):
        _TEAM_ROOTS.add(Path(root))
    else:
        _TEAM_ROOTS.discard(Path(root))


def in_team_store(directory: Path | str) -> bool:
    place = Path(directory)
    return any(place == root or place.is_relative_to(root) for root in _TEAM_ROOTS)


def file_mode(directory: Path | str) -> int:
    """The mode of a file made in `directory`: private, or group read/write in a team store."""
    return SHARED_FILE_MODE if in_team_store(directory) else FILE_MODE


def dir_mode(parent: Path | str) -> int:
    return SHARED_DIR_MODE if in_team_store(parent) else DIR_MODE


def ensure_dir(path: Path) -> None:
    """Create a private directory (requests carry personal data), and any missing parents:
    `mkdir(parents=True)` would give the parents the umask's mode, not 0700. Inside a team
    store, the team's mode (setgid, group read/write)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        mode = dir_mode(directory.parent)
        directory.mkdir(mode=mode & 0o777, exist_ok=True)
        os.chmod(directory, mode)  # mkdir's mode is masked by the umask


def fsync_dir(path: Path) -> None:
    # Makes the rename itself durable; not possible on every platform, hence the guard.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(path: Path, error: OSError) -> Exception:
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyStoreError(f"cannot write {path}: the store is read-only ({error.strerror})")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreWriteError(f"cannot write {path}: the disk is full; nothing was changed")
    return StoreWriteError(f"cannot write {path}: {error.strerror or error}; nothing was changed")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, all or nothing, durably."""
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """`atomic_write_bytes` of the bytes `chunks` make, written as they are made: a file of
    hundreds of megabytes never sits in memory whole."""
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}{TMP_MARK}", dir=directory)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, file_mode(directory))
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise _write_error(path, error) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(directory)


def dump_json(data: Any) -> bytes:
    # Compact but one document per line-ish is not needed: `less` copes with long lines.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dump_json(data))


def read_json(path: Path) -> Any:
    """Read a store file; a torn, invalid or unreadable one raises CorruptStoreError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CorruptStoreError(path, error.strerror or str(error)) from error
    if not raw.strip():
        raise CorruptStoreError(path, "the file is empty")
    try:
        return json.loads(raw)
    except UnicodeDecodeError as error:
        raise CorruptStoreError(path, f"not UTF-8 at byte {error.start}") from error
    except json.JSONDecodeError as error:
        raise CorruptStoreError(path, f"invalid JSON at line {error.lineno}") from error


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a torn file and refuses to overwrite a corrupt one."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = read_json(self.path)
        if data is None:
            return None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise CorruptStoreError(self.path, "not a TinyDB document (expected tables)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_json(self.path, data)

    def close(self) -> None:  # nothing held open between operations
        pass


def append_line(path: Path, line: str) -> None:
    """Append one line and fsync: costs the same however long the file is."""
    append_bytes(path, line.encode("utf-8") + b"\n")


def append_bytes(path: Path, data: bytes) -> None:
    """Append `data` whole, fsynced, or not at all: a short write is continued, and a failed
    one (a full disk) is cut off again, so the file never ends in a torn line of ours."""
    try:
        # O_NOFOLLOW: a journal replaced by a symbolic link is never appended through.
        mode = file_mode(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, mode)
    except OSError as error:
        raise _write_error(path, error) from error
    try:
        if os.fstat(fd).st_mode & 0o777 != mode:
            # Made just now under the umask (which may take the group's write away), or
            # left private before the store became a team store: the owner puts it right.
            with contextlib.suppress(OSError):
                os.fchmod(fd, mode)
        start = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, start)
                os.fsync(fd)
            raise _write_error(path, error) from error
    finally:
        os.close(fd)


def read_at(path: Path, offset: int, size: int) -> bytes:
    """Up to `size` bytes of `path` from `offset` (nothing when the file is missing)."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(size)
    except FileNotFoundError:
        return b""


def read_lines_from(path: Path, offset: int) -> tuple[list[str], int]:
    """Complete lines from byte `offset`; a torn last line (a killed writer) is left unread."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except FileNotFoundError:
        return [], 0
    end = data.rfind(b"\n") + 1
    lines = [line.decode("utf-8", "replace") for line in data[:end].splitlines() if line]
    return lines, offset + end


def unsafe_entries(root: Path) -> list[str]:
    """What makes a store directory unsafe to write, as readable lines: a symbolic link
    anywhere inside it (writes would land wherever it points, with that file's mode) or a
    directory anyone may write to (anyone could put such a link there)."""
    problems = []
    with contextlib.suppress(OSError):
        if os.lstat(root).st_mode & 0o002:
            problems.append(f"{root} is writable by everyone; foitui refuses to write there")
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            with contextlib.suppress(OSError):
                if path.is_symlink():
                    problems.append(
                        f"{path} is a symbolic link; foitui never follows links inside a store "
                        "(put the real file or folder there)"
                    )
                elif name in dirnames and os.lstat(path).st_mode & 0o002:
                    problems.append(f"{path} is writable by everyone")
    return problems


def stray_temp_files(directory: Path) -> Iterator[Path]:
    for path in directory.rglob(f".*{TMP_MARK}*"):
        if path.is_file():
            yield path
