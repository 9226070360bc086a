"""Score the parser against the corpus of real published responses (tests/data/real/).

Usage::

    python tests/real_score.py [--set fix|holdout|all] [--report] [--json]

Every ``tests/data/real/<part>.tsv`` sits beside ``<part>_expected.json`` (labels written by hand
from the published text, without running the parser; shape as in ``tests/corpus_score.py`` plus
``set``, ``source``, ``body``, ``regime``) and ``<part>_sources.md`` (the public address of each
record). A quarter of the records (``"set": "holdout"``, every fourth record as it was written,
chosen before any parser change) is kept out of fixing: report its score apart.

Beyond ``corpus_score``'s figures this reports what issue 14 measures:

- questions found with their text (exact, whitespace collapsed), and with the right label
  (order-preserving match on labels alone);
- answers under the right question;
- grounds of refusal read: of the answers whose label cites a ground, how many the parser reads
  exactly;
- references: recall and precision over (scheme, id) pairs; false references.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REAL = HERE / "data" / "real"

if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from tests.corpus_score import (  # noqa: E402
    CaseReport,
    Row,
    Score,
    _get,
    exemption_set,
    expected_index,
    lcs_pairs,
    read_tsv,
    score_case,
)


@dataclass
class RealScore:
    """corpus_score's Score plus the label and grounds figures."""

    base: Score = field(default_factory=Score)
    labels_right: int = 0
    grounds_expected: int = 0
    grounds_right: int = 0
    bodies: set[str] = field(default_factory=set)

    @property
    def label_accuracy(self) -> float:
        return self.base._ratio(self.labels_right, self.base.questions_expected)

    @property
    def grounds_accuracy(self) -> float:
        return self.base._ratio(self.grounds_right, self.grounds_expected)

    def figures(self) -> dict[str, float | int]:
        b = self.base
        return {
            "records": b.records,
            "bodies": len(self.bodies),
            "questions_text": round(b.question_accuracy, 3),
            "questions_label": round(self.label_accuracy, 3),
            "answers": round(b.answer_accuracy, 3),
            "outcomes": round(b.outcome_accuracy, 3),
            "grounds": round(self.grounds_accuracy, 3),
            "grounds_expected": self.grounds_expected,
            "reference_recall": round(b.reference_recall, 3),
            "reference_precision": round(b.reference_precision, 3),
            "false_references": b.false_references,
            "parser_errors": b.errors,
        }

    def summary(self) -> str:
        f = self.figures()
        b = self.base
        return "\n".join(
            [
                f"records            {f['records']} from {f['bodies']} bodies "
                f"({f['parser_errors']} parser errors)",
                f"questions (text)   {f['questions_text']:.3f}  "
                f"({b.questions_right}/{b.questions_expected})",
                f"questions (label)  {f['questions_label']:.3f}  "
                f"({self.labels_right}/{b.questions_expected})",
                f"answers            {f['answers']:.3f}  ({b.answers_right}/{b.answers_expected})",
                f"outcomes           {f['outcomes']:.3f}  (reported only)",
                f"grounds            {f['grounds']:.3f}  "
                f"({self.grounds_right}/{self.grounds_expected})",
                f"reference recall   {f['reference_recall']:.3f}  "
                f"({b.refs_right}/{b.refs_expected})",
                f"reference prec.    {f['reference_precision']:.3f}  "
                f"({b.refs_right}/{b.refs_reported})",
                f"false references   {f['false_references']}",
            ]
        )


def load_real(root: Path = REAL) -> list[tuple[Row, dict[str, Any]]]:
    """Every record of the real corpus with its labels, part by part, in file order."""
    out: list[tuple[Row, dict[str, Any]]] = []
    for tsv in sorted(root.glob("*.tsv")):
        labels = json.loads(tsv.with_name(f"{tsv.stem}_expected.json").read_text("utf-8"))
        for row in read_tsv(tsv):
            out.append((row, labels.get(row.name)))
    return out


def _grounds(exp: dict[str, Any], result: Any, score: RealScore, case: CaseReport) -> None:
    expected_qs = exp["questions"]
    parsed_qs = list(_get(result, "questions", []) or [])
    want = [(q["label"], " ".join(q["text"].split())) for q in expected_qs]
    got = [(_get(q, "label"), " ".join((_get(q, "text") or "").split())) for q in parsed_qs]
    matched = dict(lcs_pairs(want, got))
    for key, ans in exp["answers"].items():
        if not ans["exemptions"]:
            continue
        score.grounds_expected += 1
        idx = expected_index(key, expected_qs)
        parsed = parsed_qs[matched[idx]] if idx in matched else None
        if parsed is None and idx is not None and idx < len(parsed_qs):
            parsed = parsed_qs[idx]  # the question's text differs: judge the ground anyway
        codes = exemption_set(_get(parsed, "exemptions", []) or []) if parsed else set()
        if codes == exemption_set(ans["exemptions"]):
            score.grounds_right += 1


def _labels(exp: dict[str, Any], result: Any, score: RealScore) -> None:
    want = [q["label"] for q in exp["questions"]]
    got = [_get(q, "label") for q in _get(result, "questions", []) or []]
    score.labels_right += len(lcs_pairs(want, got))


def score_real(which: str = "all", root: Path = REAL, parse_pair: Any = None) -> RealScore:
    if parse_pair is None:
        from foitui.parsing import parse_pair
    score = RealScore()
    for row, exp in load_real(root):
        case = CaseReport(name=row.name, line=row.line)
        if exp is None:
            case.error = "no labels for this record"
            score.base.cases.append(case)
            continue
        if which != "all" and exp.get("set") != which:
            continue
        score.base.cases.append(case)
        score.base.records += 1
        score.bodies.add(exp.get("body", ""))
        try:
            result = parse_pair(row.request, row.response)
        except Exception as exc:
            score.base.errors += 1
            case.error = f"{type(exc).__name__}: {exc}"
            score.base.questions_expected += len(exp["questions"])
            score.base.answers_expected += len(exp["answers"])
            continue
        score.base.questions_expected += len(exp["questions"])
        score_case(row, exp, result, score.base, case)
        _labels(exp, result, score)
        _grounds(exp, result, score, case)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("fix", "holdout", "all"), default="all")
    parser.add_argument("--report", action="store_true", help="every failing record, then figures")
    parser.add_argument("--json", action="store_true", help="figures as JSON, per set")
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps({s: score_real(s).figures() for s in ("fix", "holdout", "all")}, indent=1))
        return 0
    score = score_real(args.set)
    if args.report:
        print(score.base.report().rsplit("=== summary", 1)[0])
    print(f"=== {args.set}")
    print(score.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
