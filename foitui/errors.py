"""Errors the user can act on, and the one place that turns them into exit codes.

Every module raises a `FoituiError` subclass with a message a person can read; the CLI prints it
as one line on stderr (`foitui: error: ...`) and exits with its code. No traceback unless --debug.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class FoituiError(Exception):
    """A failure with a message meant for the user."""

    exit_code = EXIT_ERROR


class UsageError(FoituiError):
    exit_code = EXIT_USAGE


class NotFoundError(FoituiError):
    """An id or reference that names no request in the store."""


class ImportFormatError(FoituiError):
    """A file that cannot be read as a corpus at all (binary, no header, bad encoding)."""


class StoreError(FoituiError):
    """Anything wrong with the store itself."""


class CorruptStoreError(StoreError):
    def __init__(self, path: object, reason: str) -> None:
        super().__init__(
            f"store file {path} is unreadable ({reason}); nothing was changed. "
            "Run 'foitui check' to inspect the store or 'foitui restore' to bring back "
            "its last good backup"
        )
        self.path = path
        self.reason = reason


class ReadOnlyStoreError(StoreError):
    pass


class StoreBusyError(StoreError):
    pass


class StoreWriteError(StoreError):
    """A write that could not complete; the store is left as it was."""


def report(error: BaseException, *, prog: str = "foitui") -> None:
    """Write one error line to stderr."""
    from foitui.safetext import one_line

    # One line: a multi-line message would break scripts that read the first line. Messages
    # carry file names and cells from imported files: never their escape codes.
    message = one_line(str(error) or error.__class__.__name__)
    print(f"{prog}: error: {message}", file=sys.stderr)
