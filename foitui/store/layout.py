"""Where things live inside a store directory, and how big a shard is.

```
STORE/
  index.json        TinyDB: schema version and one compact summary per request (the list)
  index.sqlite      the index's rows by id and by reference, derived from index.json: opening
                    a store reads one row, not the whole index (rowcache.py)
  lookup.json       TinyDB: per request, what only some commands read (fingerprint, terms)
  search.sqlite     full-text search index (SQLite FTS5), derived: rebuilt if lost or damaged
  corpus/0000.json  TinyDB: full imported records, SHARD_SIZE per file, written once
  triage/0000.json  TinyDB: what users change (outcomes, notes, links, status), same sharding,
                    and an outbox: the journal entries of its latest edit (see store.py)
  journal.jsonl     append-only history of every change: who, when, what, old and new value
  settings.json     the body's own settings (name, address, signature for letters), small
  backups/          rotating snapshots for `foitui restore`, each file a checked copy
  .lock             cross-process write lock
  .import.lock      held by an import from start to end (one import at a time)
```
Imported text is large and written once; triage state is small and written often. Sharding
both keeps one keystroke's write to a file of at most SHARD_SIZE small documents.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_VERSION = 1
SHARD_SIZE = 1000

INDEX = "index.json"
LOOKUP = "lookup.json"
SEARCH = "search.sqlite"
INDEX_DB = "index.sqlite"
CORPUS = "corpus"
TRIAGE = "triage"
JOURNAL = "journal.jsonl"
BACKUPS = "backups"
LOCK = ".lock"
IMPORT_LOCK = ".import.lock"
SETTINGS = "settings.json"


def shard_of(request_id: int) -> int:
    return (request_id - 1) // SHARD_SIZE


def shard_name(shard: int) -> str:
    return f"{shard:04d}.json"


class Layout:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.index = root / INDEX
        self.lookup = root / LOOKUP
        self.search = root / SEARCH
        self.index_db = root / INDEX_DB
        self.corpus_dir = root / CORPUS
        self.triage_dir = root / TRIAGE
        self.journal = root / JOURNAL
        self.backups = root / BACKUPS
        self.lock = root / LOCK
        self.import_lock = root / IMPORT_LOCK
        self.settings = root / SETTINGS

    def corpus(self, shard: int) -> Path:
        return self.corpus_dir / shard_name(shard)

    def triage(self, shard: int) -> Path:
        return self.triage_dir / shard_name(shard)

    def data_files(self) -> list[Path]:
        """Every file that holds store data (not the lock, not backups)."""
        files = [self.index, self.lookup]
        for directory in (self.corpus_dir, self.triage_dir):
            if directory.is_dir():
                files.extend(sorted(directory.glob("[0-9]*.json")))
        if self.journal.exists():
            files.append(self.journal)
        if self.settings.exists():
            files.append(self.settings)
        return [f for f in files if f.exists()]
