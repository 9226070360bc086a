"""Team stores: one store shared by an FOI team's logins through a Unix group.

A store is private by default (directories 0700, files 0600: requests carry personal data), so
a second login cannot open it at all. `foitui init --group GROUP` makes it a team store: the
group owns every directory and file, directories are setgid (what is made in them belongs to
the group too) and 0770, files 0660; never any access for others. Who did what comes from each
process's user id (store.current_user). Roles (responder, approver) are recorded in the
journal, not enforced: the file permissions decide who can write the store.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from foitui.errors import StoreError
from foitui.store.files import (
    DIR_MODE,
    FILE_MODE,
    SHARED_DIR_MODE,
    SHARED_FILE_MODE,
    ensure_dir,
    register_store,
    unsafe_entries,
)


def init_store(root: Path, group: str | None) -> str:
    """Make the store at `root` (or convert the one there): private without `group`, else a
    team store of `group`. Returns what it is now, in words; StoreError says why not."""
    if root.exists() and not root.is_dir():
        raise StoreError(f"store {root} is not a directory")
    gid = _gid(group) if group else None
    if gid is None and root.is_dir():
        # Never turned private by `init` without --group: the team would be locked out.
        from foitui.store import Store
        from foitui.store.files import is_shared

        Store.open(root)
        return "a team store (left as it is)" if is_shared(root) else "private (left as it is)"
    try:
        ensure_dir(root)
    except OSError as error:
        raise StoreError(f"cannot create store {root}: {error.strerror}") from error
    unsafe = unsafe_entries(root)
    if unsafe:
        raise StoreError(f"{unsafe[0]}; nothing was changed")
    paths = [root, *sorted(p for p in root.rglob("*"))]
    for path in paths:
        is_dir = path.is_dir()
        if gid is None:
            mode = DIR_MODE if is_dir else FILE_MODE
        else:
            mode = SHARED_DIR_MODE if is_dir else SHARED_FILE_MODE
        try:
            if gid is not None:
                os.chown(path, -1, gid)
            os.chmod(path, mode)
        except OSError as error:
            raise StoreError(
                f"cannot give {path} to group {group}: {error.strerror} (only its owner, a "
                "member of the group, can; the files before it were changed, run again once "
                "fixed)"
            ) from error
    register_store(root)
    from foitui.store import Store

    Store.open(root)  # a store foitui can open, and a first check of it
    if gid is None:
        return "private: directories 0700, files 0600"
    words = f"group {group}: setgid directories 0770, files 0660, no access for others"
    closed = _closed_parents(root)
    if closed:
        words += (
            f"; note: {closed} lets no one else through (mode "
            f"{closed.stat().st_mode & 0o777:o}): the team cannot reach the store until it does"
        )
    return words


def _gid(group: str) -> int:
    import grp

    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise StoreError(f"no group {group!r} on this system (see `getent group`)") from None


def _closed_parents(root: Path) -> Path | None:
    """The first directory above the store that other users cannot pass through (a home
    directory of mode 0700 keeps the team out, whatever the store's own mode)."""
    for parent in root.resolve().parents:
        with contextlib.suppress(OSError):
            if not parent.stat().st_mode & 0o011:
                return parent
    return None
