"""A stored request as its corrections make it: the corpus parse with the officer's ops applied.

The store keeps the parser's result in the corpus (written once) and the ops in the triage entry
(`corrections`, a list, changed like any other triage value). This module joins the two for
readers: the corrected corpus parts, the index row the list needs (question keys, outcomes,
exemptions, "check the split"), and the triage marks read through the corrections. Pure: no
files, no Textual. The parsing package (and pydantic) is imported only for a corrected request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from foitui.store.records import OUTCOME_CODES, SEP, IndexRow

if TYPE_CHECKING:
    from foitui.parsing.corrections import Corrected

#: What the parse part of a corpus record holds (and a correction may change).
PARSE_FIELDS = ("questions", "answers", "unassigned_response")


@dataclass(frozen=True, slots=True)
class Fixed:
    """One request with its corrections applied."""

    ops_key: str  # the ops as canonical JSON: a cached Fixed is good while they are the same
    parts: dict[str, Any]  # PARSE_FIELDS as corpus JSON
    row: IndexRow
    corrected: Corrected

    def triage(self, triage: dict[str, Any]) -> dict[str, Any]:
        """`triage` with its question marks read through the corrections."""
        marks = self.corrected.carry_marks(triage.get("questions"))
        return {**triage, "questions": marks} if marks or "questions" in triage else triage


def ops_of(triage: dict[str, Any]) -> list[dict[str, Any]]:
    ops = triage.get("corrections")
    return [op for op in ops if isinstance(op, dict)] if isinstance(ops, list) else []


def ops_key(ops: list[dict[str, Any]]) -> str:
    return json.dumps(ops, sort_keys=True, ensure_ascii=False)


def fix(corpus: dict[str, Any], row: IndexRow, ops: list[dict[str, Any]], law: str) -> Fixed:
    """The corrected parse of one request from its corpus record and index row."""
    from foitui.models import Law, ParseResult
    from foitui.parsing.check import codes
    from foitui.parsing.corrections import correct

    parse = ParseResult.model_validate(
        {
            "request_text": corpus.get("request_text", ""),
            "response_text": corpus.get("response_text", ""),
            **{name: corpus.get(name) or [] for name in PARSE_FIELDS},
        }
    )
    try:
        kind = Law(law)
    except ValueError:
        kind = Law.FOI
    corrected = correct(parse, ops, law=kind)
    fixed = parse.model_copy(
        update={
            "questions": corrected.questions,
            "answers": corrected.answers,
            "unassigned_response": corrected.unassigned,
        }
    )
    questions = corrected.questions
    new_row = row._replace(
        keys=SEP.join(q.key for q in questions),
        outcomes="".join(OUTCOME_CODES[q.outcome.value] for q in questions),
        exemptions=";".join(",".join(q.exemptions) for q in questions),
        check=codes(fixed),
    )
    parts = fixed.model_dump(mode="json", include=set(PARSE_FIELDS))
    return Fixed(ops_key(ops), parts, new_row, corrected)
