"""The straightforward way, for comparison: TinyDB's default JSONStorage, one document per
request (the record JSON), written with `insert_multiple` and changed with `update`; search
by a linear substring scan over every text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB


def import_into_tinydb(corpus: Path, db_path: Path) -> int:
    """Parse `corpus` as foitui does and insert every request as one document."""
    from foitui.importing import read_corpus

    good, errors = read_corpus([corpus], "tsv")
    if errors:
        raise ValueError(f"{len(errors)} bad records, first: {errors[0]}")
    with TinyDB(db_path) as db:
        db.insert_multiple(request.model_dump(mode="json") for request, _fp in good)
    return len(good)


def question_doc_id(db_path: Path) -> tuple[int, int]:
    """A document near the middle of the file that has a question, and its question index."""
    with TinyDB(db_path) as db:
        docs = db.all()
    middle = len(docs) // 2
    for doc in [*docs[middle:], *docs[:middle]]:
        if doc.get("questions"):
            return doc.doc_id, 0
    raise ValueError(f"no document in {db_path} has a question")


def set_outcome(db: TinyDB, doc_id: int, index: int, outcome: str) -> None:
    """One triage edit through TinyDB: read the file, change one document, rewrite the file."""

    def change(doc: dict[str, Any]) -> None:
        doc["questions"][index]["outcome"] = outcome

    db.update(change, doc_ids=[doc_id])


def scan(texts: Iterable[str], needle: str) -> int:
    """How many texts contain `needle`: the naive search, every text every keystroke."""
    return sum(1 for text in texts if needle in text)
