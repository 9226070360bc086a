"""The labelled parse corpora: that they are well formed, and how the parser scores on them.

Two corpora, both written independently of the parser (see tests/corpus_score.py for the
conventions): the main one (parse_corpus.*) and a blind holdout written later, which the
parser was never tuned on (holdout_corpus.*). Score either with::

    python tests/corpus_score.py tests/data/holdout_corpus.tsv tests/data/holdout_expected.json
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.corpus_score import (
    OUTCOMES,
    Score,
    expected_index,
    load_expected,
    norm,
    read_tsv,
    score_corpus,
)

DATA = Path(__file__).resolve().parent / "data"

# At what the parser achieves on both corpora (every question, answer and reference right):
# thresholds of 0.95 and 0.90 let 8 wrong questions and 17 wrong answers pass unnoticed.
THRESHOLDS = {
    "question_accuracy": 1.0,
    "answer_accuracy": 1.0,
    "reference_precision": 1.0,
    "reference_recall": 1.0,
}

LABEL = re.compile(r"^(\d+[a-z]?|\d+[ivx]+|[a-z]|[ivx]+)$")
EXEMPTION = re.compile(r"^(s|fs)\d+(\(\d+\))?(\([a-z]\))?$|^r1[23](\(\d\))?(\([a-z]\))?$")
INLINE_TAGS = {"b", "strong", "i", "em", "u", "span", "a", "font", "small", "sup", "sub"}


@dataclass(frozen=True)
class Corpus:
    name: str
    tsv: Path
    expected: Path
    # Exemption codes (or code prefixes ending in "*") each corpus must cover.
    codes: frozenset[str]
    # Metrics that measured below threshold when the corpus was written (not strict: a fix
    # shows as XPASS).
    xfail: frozenset[str] = field(default_factory=frozenset)
    # Outcomes read from the answers: the right ones of all, as the parser achieves them.
    outcomes_right: tuple[int, int] = (0, 0)


CORPORA = [
    Corpus(
        "main",
        DATA / "parse_corpus.tsv",
        DATA / "parse_corpus_expected.json",
        frozenset(
            {
                "s12",
                "s14(2)",
                "s21",
                "s40(2)",
                "s43",
                "s43(2)",
                "r12(4)(a)",
                "r12(5)(e)",
                "r13",
                "fs17*",
                "s31*",
            }
        ),
        outcomes_right=(174, 174),
    ),
    Corpus(
        "holdout",
        DATA / "holdout_corpus.tsv",
        DATA / "holdout_expected.json",
        frozenset(
            {
                "s12*",
                "s14*",
                "s21*",
                "s22*",
                "s31*",
                "s38*",
                "s42*",
                "s43*",
                "s14(2)",
                "s40(2)",
                "s43(2)",
                "r13",
                "r12(4)(a)",
                "r12(4)(b)",
                "r12(4)(e)",
                "r12(5)(b)",
                "r12(5)(e)",
                "r12(5)(f)",
                "fs17*",
                "fs25*",
                "fs27*",
                "fs30*",
                "fs33*",
                "fs38*",
            }
        ),
        outcomes_right=(163, 165),
    ),
]


@pytest.fixture(scope="module", params=CORPORA, ids=lambda c: c.name)
def corpus(request) -> Corpus:
    return request.param


@pytest.fixture(scope="module")
def rows(corpus: Corpus):
    return read_tsv(corpus.tsv)


@pytest.fixture(scope="module")
def expected(corpus: Corpus):
    return load_expected(corpus.expected)


class _Text(HTMLParser):
    """Plain text of an HTML cell: block tags become spaces, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag not in INLINE_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return norm("".join(parser.parts))


# ----------------------------------------------------------------------------- the corpora


def test_reader_reads_the_corpus(rows):
    assert len(rows) >= 45
    names = [r.name for r in rows]
    assert len(names) == len(set(names)), "duplicate NAME"
    assert all(r.request.strip() and r.response.strip() for r in rows)
    with_continuations = [r for r in rows if r.continuations]
    assert len(with_continuations) >= 3
    assert all("\n" in r.response for r in with_continuations)
    assert all("\n" not in r.request for r in rows)


def test_reader_handles_the_seed_format(tmp_path: Path):
    path = tmp_path / "t.tsv"
    path.write_text(
        "\n\nrequest\tresponse\n<p>Q</p>\t<p>A</p>\n\n\t<p>Please note</p>\n--\t--\nignored\tx\n",
        encoding="utf-8",
    )
    (row,) = read_tsv(path)
    assert row.request == "<p>Q</p>"
    assert row.response == "<p>A</p>\n<p>Please note</p>"
    assert row.line == 4


def test_holdout_is_disjoint_from_the_main_corpus():
    """A blind test: no record (by name or by request text) is shared with the main corpus."""
    main, holdout = (read_tsv(c.tsv) for c in CORPORA)
    assert not {r.name for r in holdout} & {r.name for r in main}
    assert not {norm(r.request) for r in holdout} & {norm(r.request) for r in main}


def test_every_record_has_an_expectation_and_vice_versa(rows, expected):
    names = {r.name for r in rows}
    assert names == set(expected), (
        f"records without expectation: {sorted(names - set(expected))}; "
        f"expectations without record: {sorted(set(expected) - names)}"
    )


def test_expectations_are_well_formed(expected):
    for name, exp in expected.items():
        assert set(exp) >= {"questions", "answers", "references", "own_ref", "unassigned_contains"}
        assert exp["questions"], name
        for q in exp["questions"]:
            assert q["label"] is None or LABEL.match(q["label"]), (name, q)
            assert q["text"] == norm(q["text"]) and q["text"], (name, q)
        labels = [q["label"] for q in exp["questions"]]
        for key, ans in exp["answers"].items():
            assert expected_index(key, exp["questions"]) is not None, (name, key)
            if key in labels:
                assert labels.count(key) == 1, f"{name}: label {key} repeats; key by #N"
            assert ans["outcome"] in OUTCOMES, (name, key)
            assert (ans["contains"] is None) == (ans["outcome"] == "pending"), (name, key)
            for code in ans["exemptions"]:
                assert EXEMPTION.match(code), (name, key, code)
        keys = set()
        for ref in exp["references"]:
            assert ref["scheme"] is None or ref["scheme"] == ref["scheme"].upper(), (name, ref)
            assert ref["id"] and ref["id"] in ref["text"], (name, ref)
            key = (ref["scheme"], ref["id"])
            assert key not in keys, f"{name}: duplicate reference {ref}"
            keys.add(key)


def test_expectations_agree_with_the_texts(rows, expected):
    """Every labelled string really occurs where the label says (guards against typos)."""
    for row in rows:
        exp = expected[row.name]
        req, resp = plain(row.request), plain(row.response)
        for q in exp["questions"]:
            assert q["text"] in req, (row.name, q["text"])
        for key, ans in exp["answers"].items():
            if ans["contains"] is not None:
                assert norm(ans["contains"]) in resp, (row.name, key)
        both = req + " " + resp
        positions = []
        for ref in exp["references"]:
            assert ref["text"] in both, (row.name, ref)
            positions.append(both.index(ref["text"]))
        assert positions == sorted(positions), f"{row.name}: references out of order"
        if exp["own_ref"] is not None:
            assert exp["own_ref"] in resp, row.name
        for sub in exp["unassigned_contains"]:
            assert norm(sub) in resp, (row.name, sub)
        for trap in exp.get("non_references", []):
            assert trap in both, (row.name, trap)


def test_corpus_covers_what_design_md_lists(corpus: Corpus, expected):
    """Rough coverage: the outcome, exemption and reference kinds of DESIGN.md 'Parsing' occur."""
    outcomes = set()
    codes = set()
    schemes = set()
    for exp in expected.values():
        for ans in exp["answers"].values():
            outcomes.add(ans["outcome"])
            codes.update(ans["exemptions"])
        schemes.update(r["scheme"] for r in exp["references"])
    assert outcomes == OUTCOMES
    for wanted in corpus.codes:
        if wanted.endswith("*"):
            assert any(c.startswith(wanted[:-1]) for c in codes), wanted
        else:
            assert wanted in codes, wanted
    assert {"FOI", "EIR", "IR", "FOIR", None} <= schemes
    assert sum(1 for e in expected.values() if e["own_ref"]) >= 8
    assert sum(len(e.get("non_references", [])) for e in expected.values()) >= 60


# ----------------------------------------------------------------------------- the scorer


def _perfect_parser(rows, expected):
    """A stand-in parser that returns exactly the labels: the scorer must give it 1.0."""
    from foitui.models import ParseResult, Question, Reference

    by_text = {(r.request, r.response): expected[r.name] for r in rows}

    def parse_pair(request_html: str, response_html: str) -> ParseResult:
        exp = by_text[(request_html, response_html)]
        questions = []
        for i, q in enumerate(exp["questions"]):
            ans = None
            for key, a in exp["answers"].items():
                if expected_index(key, exp["questions"]) == i:
                    ans = a
            questions.append(
                Question(
                    key=f"k{i}",
                    label=q["label"],
                    text=q["text"],
                    answer=None if ans is None else ans["contains"],
                    outcome=(ans or {}).get("outcome", "pending"),
                    exemptions=(ans or {}).get("exemptions", []),
                )
            )
        return ParseResult(
            questions=questions,
            references=[Reference(**r) for r in exp["references"]],
            own_ref=exp["own_ref"],
            unassigned_response=list(exp["unassigned_contains"]),
        )

    return parse_pair


def test_scorer_gives_a_perfect_parser_full_marks(corpus: Corpus, rows, expected):
    score = score_corpus(corpus.tsv, corpus.expected, parse_pair=_perfect_parser(rows, expected))
    assert not score.failing_cases, score.report()
    for metric in (*THRESHOLDS, "outcome_accuracy", "own_ref_accuracy", "unassigned_recall"):
        assert getattr(score, metric) == 1.0, metric
    assert score.false_references == 0


def test_scorer_gives_an_empty_parser_nothing(corpus: Corpus):
    from foitui.models import ParseResult

    score = score_corpus(corpus.tsv, corpus.expected, parse_pair=lambda req, resp: ParseResult())
    assert score.question_accuracy == 0.0
    assert score.answer_accuracy == 0.0
    assert score.reference_recall == 0.0
    assert score.false_references == 0


def test_scorer_survives_a_crashing_parser(corpus: Corpus):
    def boom(req, resp):
        raise RuntimeError("boom")

    score = score_corpus(corpus.tsv, corpus.expected, parse_pair=boom)
    assert score.errors == score.records
    assert score.question_accuracy == 0.0


# ----------------------------------------------------------------------------- the parser


@pytest.fixture(scope="module")
def parser_score(corpus: Corpus) -> Score:
    return score_corpus(corpus.tsv, corpus.expected)


@pytest.mark.parametrize("metric", sorted(THRESHOLDS))
def test_parser_meets_threshold(corpus: Corpus, parser_score, metric, request):
    if metric in corpus.xfail:
        request.applymarker(pytest.mark.xfail(strict=False, reason="measured, tuned separately"))
    value = getattr(parser_score, metric)
    assert value >= THRESHOLDS[metric], (
        f"{metric} {value:.3f} < {THRESHOLDS[metric]}\n{parser_score.report()}"
    )


def test_parser_reads_the_outcomes(corpus: Corpus, parser_score) -> None:
    # Outcomes were scored but never asserted: any outcome could break unnoticed.
    right, total = corpus.outcomes_right
    assert parser_score.outcome_accuracy >= right / total, parser_score.report()


def test_parser_finds_no_false_references(parser_score):
    assert parser_score.false_references == 0, parser_score.report()
