"""Bank holidays as the holidays package gives them, kept on disk between runs.

Loading the holidays package and asking it for a few years takes about a third of a second,
which is most of what opening the request list would otherwise wait for (the list shows how
many working days each request has left). The answers only change with the package, so they
are kept in the user's cache directory under the package's version and read back in a
millisecond. It is only a cache: unreadable, damaged or unwritable, it is ignored and the
package asked again.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import threading
from pathlib import Path

#: Overrides the cache directory (the tests point it at a temporary one).
CACHE_DIR_ENV = "FOITUI_CACHE_DIR"
_FILE = "bank-holidays.json"

_lock = threading.Lock()
_loaded: dict[str, dict[str, str]] | None = None  # "law:year" -> {ISO date: name}
_version: str | None = None


def cache_file() -> Path:
    directory = os.environ.get(CACHE_DIR_ENV)
    if not directory:
        from platformdirs import user_cache_dir

        directory = user_cache_dir("foitui", appauthor=False)
    return Path(directory) / _FILE


def package_version() -> str:
    """The holidays package's version file, read without importing the package."""
    global _version
    if _version is None:
        _version = ""
        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec("holidays")
            if spec is not None and spec.origin:
                _version = (Path(spec.origin).parent / "version.py").read_text("utf-8").strip()
    return _version


def get(law: str, year: int) -> dict[str, str] | None:
    """The cached holidays of `year` under `law` (ISO date -> name), or None."""
    with _lock:
        return _entries().get(f"{law}:{year}")


def put(law: str, year: int, names: dict[str, str]) -> None:
    """Remember a year's holidays; a failure to write is ignored (it is only a cache)."""
    put_many(law, {year: names})


def put_many(law: str, years: dict[int, dict[str, str]]) -> None:
    """Remember several years' holidays with one write of the file (a write per year made a
    span of centuries rewrite the growing file hundreds of times)."""
    if not years:
        return
    with _lock:
        entries = _entries()
        for year, names in years.items():
            entries[f"{law}:{year}"] = names
        if not package_version():
            return
        path = cache_file()
        data = {"holidays": package_version(), "years": entries}
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            temp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
            os.replace(temp, path)
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _entries() -> dict[str, dict[str, str]]:
    global _loaded
    if _loaded is None:
        _loaded = {}
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, KeyError):
            data = json.loads(cache_file().read_text("utf-8"))
            years = data["years"]
            if data.get("holidays") == package_version() and package_version():
                _loaded = {
                    str(key): {str(day): str(name) for day, name in names.items()}
                    for key, names in years.items()
                }
    return _loaded
