"""Score the parser against a labelled corpus of request/response pairs.

Usage::

    python tests/corpus_score.py [TSV] [EXPECTED]

TSV defaults to ``tests/data/parse_corpus.tsv`` and EXPECTED to
``tests/data/parse_corpus_expected.json``. The labels were written by hand, independently of the
parser, as a careful FOI officer would read each record.

The TSV is read here by a small reader of its own (not ``foitui.importing``), so that the score does
not depend on the code it checks: blank lines are skipped, the first line is a header naming NAME,
REQUEST and RESPONSE (any case, any order), a line whose first cell is empty continues the previous
record's RESPONSE (joined with a newline), and a line ``--<TAB>--`` ends the data.

Each record is given to ``foitui.parsing.parse_pair(request_html, response_html)``, which returns a
``foitui.models.ParseResult``. The expectation for a record (keyed by NAME) holds:

``questions``
    ``[{"label": str | null, "text": str}]`` in order. A question counts as right when the parser
    gives, in the same order, a question with the same label and the same text (whitespace
    collapsed, case kept). Matching is a longest common subsequence, so one missing or extra
    question does not shift every later one.
``answers``
    ``{key: {"contains": str | null, "outcome": str, "exemptions": [str]}}``. ``key`` is a label
    (``"2a"``), a 1-based position for unlabelled questions (``"1"``), or ``"#N"`` for the N-th
    question when labels repeat (numbering that restarts per part). An answer is right when the
    question's ``answer`` contains ``contains`` (whitespace collapsed), or is empty when
    ``contains`` is null, and its exemption set is exactly ``exemptions``. Outcomes are scored
    apart and only reported. Questions not listed (a parent that is only a lead-in) are not scored.
``references``
    ``[{"text", "scheme", "id"}]``: other requests the texts name. Precision and recall compare
    ``(scheme, id)`` pairs over the whole corpus; the text is reported, not scored.
``own_ref``
    The response's own "Our reference: X", or null.
``unassigned_contains``
    Substrings that must appear in some ``unassigned_response`` block (reported as a recall).
``non_references`` and ``comment``
    Documentation: strings that look like references but are not, and notes on the reading.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_TSV = HERE / "data" / "parse_corpus.tsv"
DEFAULT_EXPECTED = HERE / "data" / "parse_corpus_expected.json"

OUTCOMES = {
    "pending",
    "answered",
    "partly_answered",
    "not_held",
    "refused",
    "clarification_needed",
}


# ----------------------------------------------------------------------------- reading the TSV


@dataclass
class Row:
    name: str
    request: str
    response: str
    line: int  # 1-based line of the record's first line
    continuations: int = 0


def read_tsv(path: str | Path) -> list[Row]:
    """Read the corpus TSV (the seed's format) into rows."""
    text = Path(path).read_text(encoding="utf-8-sig")
    rows: list[Row] = []
    columns: dict[str, int] | None = None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if [c.strip() for c in cells] == ["--", "--"]:
            break
        if columns is None:
            columns = {c.strip().upper(): i for i, c in enumerate(cells)}
            missing = {"REQUEST", "RESPONSE"} - columns.keys()
            if missing:
                raise ValueError(f"{path}:{lineno}: header lacks {sorted(missing)}")
            continue
        if cells[0] == "":
            if not rows:
                raise ValueError(f"{path}:{lineno}: continuation line before any record")
            rows[-1].response += "\n" + line[1:].lstrip("\t")
            rows[-1].continuations += 1
            continue
        # Extra tabs stay in the last cell as text.
        cells = line.split("\t", len(columns) - 1)
        cells += [""] * (len(columns) - len(cells))
        name_idx = columns.get("NAME")
        name = cells[name_idx].strip() if name_idx is not None else f"record-{len(rows) + 1}"
        rows.append(
            Row(
                name=name,
                request=cells[columns["REQUEST"]],
                response=cells[columns["RESPONSE"]],
                line=lineno,
            )
        )
    return rows


def load_expected(path: str | Path) -> dict[str, dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- helpers


def norm(text: str | None) -> str:
    """Collapse whitespace (NBSP included)."""
    return " ".join((text or "").split())


def ref_key(scheme: str | None, id_: str) -> tuple[str | None, str]:
    return ((scheme or "").upper() or None, norm(id_))


def ref_compact(text: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


def exemption_set(codes: Iterable[str]) -> set[str]:
    return {re.sub(r"\s+", "", c).lower() for c in codes}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _outcome(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def lcs_pairs(a: list[Any], b: list[Any]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of a and b (by equality)."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a[i] == b[j]:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def expected_index(key: str, questions: list[dict[str, Any]]) -> int | None:
    """Which expected question an answers key names (see the module docstring)."""
    if key.startswith("#"):
        pos = int(key[1:]) - 1
        return pos if 0 <= pos < len(questions) else None
    for i, q in enumerate(questions):
        if q["label"] == key:
            return i
    if key.isdigit() and all(q["label"] is None for q in questions):
        pos = int(key) - 1
        return pos if 0 <= pos < len(questions) else None
    return None


# ----------------------------------------------------------------------------- scoring


@dataclass
class CaseReport:
    name: str
    line: int
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Score:
    records: int = 0
    errors: int = 0
    questions_expected: int = 0
    questions_right: int = 0
    questions_reported: int = 0
    answers_expected: int = 0
    answers_right: int = 0
    outcomes_right: int = 0
    refs_expected: int = 0
    refs_reported: int = 0
    refs_right: int = 0
    false_references: int = 0
    own_ref_right: int = 0
    unassigned_expected: int = 0
    unassigned_found: int = 0
    cases: list[CaseReport] = field(default_factory=list)

    @staticmethod
    def _ratio(num: int, den: int) -> float:
        return num / den if den else 1.0

    @property
    def question_accuracy(self) -> float:
        return self._ratio(self.questions_right, self.questions_expected)

    @property
    def answer_accuracy(self) -> float:
        return self._ratio(self.answers_right, self.answers_expected)

    @property
    def outcome_accuracy(self) -> float:
        return self._ratio(self.outcomes_right, self.answers_expected)

    @property
    def reference_precision(self) -> float:
        return self._ratio(self.refs_right, self.refs_reported)

    @property
    def reference_recall(self) -> float:
        return self._ratio(self.refs_right, self.refs_expected)

    @property
    def own_ref_accuracy(self) -> float:
        return self._ratio(self.own_ref_right, self.records)

    @property
    def unassigned_recall(self) -> float:
        return self._ratio(self.unassigned_found, self.unassigned_expected)

    @property
    def failing_cases(self) -> list[CaseReport]:
        return [c for c in self.cases if c.failures or c.error]

    def summary(self) -> str:
        return "\n".join(
            [
                f"records            {self.records} ({self.errors} parser errors)",
                f"questions          {self.question_accuracy:.3f}  "
                f"({self.questions_right}/{self.questions_expected} right, "
                f"{self.questions_reported} reported)",
                f"answers            {self.answer_accuracy:.3f}  "
                f"({self.answers_right}/{self.answers_expected})",
                f"outcomes           {self.outcome_accuracy:.3f}  "
                f"({self.outcomes_right}/{self.answers_expected}, reported only)",
                f"reference prec.    {self.reference_precision:.3f}  "
                f"({self.refs_right}/{self.refs_reported})",
                f"reference recall   {self.reference_recall:.3f}  "
                f"({self.refs_right}/{self.refs_expected})",
                f"false references   {self.false_references}",
                f"own_ref            {self.own_ref_accuracy:.3f}  "
                f"({self.own_ref_right}/{self.records})",
                f"unassigned recall  {self.unassigned_recall:.3f}  "
                f"({self.unassigned_found}/{self.unassigned_expected})",
            ]
        )

    def report(self) -> str:
        out = []
        for case in self.failing_cases:
            out.append(f"--- {case.name} (line {case.line})")
            if case.error:
                out.append(f"  ERROR {case.error}")
            out.extend(f"  {f}" for f in case.failures)
            out.extend(f"  ({n})" for n in case.notes)
        out.append("=== summary")
        out.append(self.summary())
        return "\n".join(out)


def _short(text: str | None, width: int = 90) -> str:
    if text is None:
        return "None"
    text = norm(text)
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def _find_parsed_question(
    index: int,
    expected_qs: list[dict[str, Any]],
    parsed_qs: list[Any],
    matched: dict[int, int],
) -> Any | None:
    """The parsed question that stands for expected question ``index``."""
    if index in matched:
        return parsed_qs[matched[index]]
    label = expected_qs[index]["label"]
    if label is not None:
        # The k-th expected question with this label -> the k-th parsed one.
        rank = sum(1 for q in expected_qs[:index] if q["label"] == label)
        same = [q for q in parsed_qs if _get(q, "label") == label]
        return same[rank] if rank < len(same) else None
    if index < len(parsed_qs) and _get(parsed_qs[index], "label") is None:
        return parsed_qs[index]
    return None


def score_case(row: Row, exp: dict[str, Any], result: Any, score: Score, case: CaseReport) -> None:
    expected_qs = exp["questions"]
    parsed_qs = list(_get(result, "questions", []) or [])
    score.questions_reported += len(parsed_qs)

    # Questions, matched in order.
    want = [(q["label"], norm(q["text"])) for q in expected_qs]
    got = [(_get(q, "label"), norm(_get(q, "text"))) for q in parsed_qs]
    matched = dict(lcs_pairs(want, got))
    score.questions_right += len(matched)
    if len(matched) < len(want):
        for i, (label, text) in enumerate(want):
            if i not in matched:
                msg = f"question {label!r} missing or wrong: want {_short(text, 300)}"
                same = _find_parsed_question(i, expected_qs, parsed_qs, matched)
                if same is not None:
                    msg += f", got {_get(same, 'label')!r} {_short(_get(same, 'text'), 300)}"
                case.failures.append(msg)
        case.notes.append(
            "parsed questions: " + "; ".join(f"{lab!r} {_short(t, 50)}" for lab, t in got)
        )

    # Answers.
    for key, want_ans in exp["answers"].items():
        score.answers_expected += 1
        idx = expected_index(key, expected_qs)
        parsed = (
            None if idx is None else _find_parsed_question(idx, expected_qs, parsed_qs, matched)
        )
        if parsed is None:
            case.failures.append(f"answer {key}: no parsed question to hold it")
            continue
        answer = norm(_get(parsed, "answer"))
        contains = want_ans["contains"]
        text_ok = (not answer) if contains is None else norm(contains) in answer
        got_ex = exemption_set(_get(parsed, "exemptions", []) or [])
        ex_ok = got_ex == exemption_set(want_ans["exemptions"])
        if text_ok and ex_ok:
            score.answers_right += 1
        else:
            why = []
            if not text_ok:
                want_txt = "no answer" if contains is None else f"containing {_short(contains)}"
                why.append(f"want {want_txt}, got {_short(_get(parsed, 'answer'))}")
            if not ex_ok:
                why.append(f"exemptions want {sorted(want_ans['exemptions'])} got {sorted(got_ex)}")
            case.failures.append(f"answer {key}: " + "; ".join(why))
        got_outcome = _outcome(_get(parsed, "outcome"))
        if got_outcome == want_ans["outcome"]:
            score.outcomes_right += 1
        else:
            case.notes.append(f"outcome {key}: want {want_ans['outcome']} got {got_outcome}")

    # References.
    want_refs = {ref_key(r["scheme"], r["id"]): r["text"] for r in exp["references"]}
    got_refs: dict[tuple[str | None, str], str] = {}
    for r in _get(result, "references", []) or []:
        got_refs.setdefault(ref_key(_get(r, "scheme"), _get(r, "id", "")), _get(r, "text", ""))
    score.refs_expected += len(want_refs)
    score.refs_reported += len(got_refs)
    right = want_refs.keys() & got_refs.keys()
    score.refs_right += len(right)
    for k in want_refs.keys() - got_refs.keys():
        case.failures.append(f"reference missed: {want_refs[k]!r} {k}")
    for k in got_refs.keys() - want_refs.keys():
        score.false_references += 1
        case.failures.append(f"false reference: {got_refs[k]!r} {k}")
    for k in right:
        if norm(got_refs[k]) != norm(want_refs[k]):
            case.notes.append(f"reference text {got_refs[k]!r}, want {want_refs[k]!r}")

    # Own reference.
    own = _get(result, "own_ref")
    if ref_compact(own) == ref_compact(exp["own_ref"]):
        score.own_ref_right += 1
    else:
        case.failures.append(f"own_ref: want {exp['own_ref']!r} got {own!r}")

    # Unassigned response text.
    blocks = [norm(b) for b in _get(result, "unassigned_response", []) or []]
    for sub in exp["unassigned_contains"]:
        score.unassigned_expected += 1
        if any(norm(sub) in b for b in blocks):
            score.unassigned_found += 1
        else:
            case.notes.append(f"unassigned text not found: {_short(sub)}")


def _count_failed(exp: dict[str, Any], score: Score) -> None:
    """A record the parser could not handle: every expectation counts as wrong."""
    score.questions_expected += len(exp["questions"])
    score.answers_expected += len(exp["answers"])
    score.refs_expected += len(exp["references"])
    score.unassigned_expected += len(exp["unassigned_contains"])


def score_corpus(
    tsv: str | Path = DEFAULT_TSV,
    expected: str | Path = DEFAULT_EXPECTED,
    parse_pair: Callable[[str, str], Any] | None = None,
) -> Score:
    """Parse every record and score it against its expectation."""
    if parse_pair is None:
        from foitui.parsing import parse_pair

    rows = read_tsv(tsv)
    exps = load_expected(expected)
    score = Score()
    for row in rows:
        exp = exps.get(row.name)
        case = CaseReport(name=row.name, line=row.line)
        score.cases.append(case)
        if exp is None:
            case.error = "no expectation for this record"
            continue
        score.records += 1
        try:
            result = parse_pair(row.request, row.response)
        except Exception as exc:  # a crash on one record must not hide the others
            score.errors += 1
            case.error = f"{type(exc).__name__}: {exc}"
            _count_failed(exp, score)
            continue
        score.questions_expected += len(exp["questions"])
        score_case(row, exp, result, score, case)
    missing = exps.keys() - {r.name for r in rows}
    for name in sorted(missing):
        score.cases.append(CaseReport(name=name, line=0, error="expectation without a record"))
    return score


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(a in ("-h", "--help") for a in args):
        print(__doc__)
        return 2
    tsv = args[0] if args else DEFAULT_TSV
    expected = args[1] if len(args) > 1 else DEFAULT_EXPECTED
    root = HERE.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        score = score_corpus(tsv, expected)
    except ImportError as exc:
        print(f"corpus_score: the parser is not available: {exc}", file=sys.stderr)
        return 1
    print(score.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
