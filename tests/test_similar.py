"""Similar requests: term folding, the index, the ranking and its quality on a labelled set."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from foitui import similar_eval
from foitui.cli import main
from foitui.models import Request
from foitui.similar import MIN_TEXT_SCORE, similar_requests
from foitui.store import Store
from foitui.subjects import (
    SimilarityIndex,
    _consonant,
    _has_vowel,
    _measure,
    authority_words,
    stem,
    subject_terms,
    words,
)
from tests.conftest import make_request

# ------------------------------------------------------------------ words and terms


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["pothole", "potholes"], None),
        (["repair", "repairs", "repaired", "repairing"], "repair"),
        (["charge", "charges", "charged", "charging"], None),
        (["deploy", "deployed", "deployment", "deployments"], "deploy"),
        (["supply", "supplies", "supplied", "supplying"], "supply"),
        (["authority", "authorities"], "authority"),
        (["search", "searches"], "search"),
        (["rate", "rates", "rated"], "rate"),
    ],
)
def test_stem_folds_plurals_and_tenses(variants: list[str], expected: str | None) -> None:
    stems = {stem(v) for v in variants}
    assert len(stems) == 1, stems
    if expected:
        assert stems == {expected}


def test_stem_keeps_apart_words_that_differ() -> None:
    assert stem("parking") != stem("parks")  # car parking is not parks
    assert stem("training") != stem("trains")


def test_stem_vowel_and_measure_shortcuts_follow_porters_consonant_rule() -> None:
    # stem's one-pass helpers against Porter's definitions, spelled out with _consonant,
    # on every word of up to five letters from the letters that decide them.
    for size in range(1, 6):
        for letters in itertools.product("aybst", repeat=size):
            word = "".join(letters)
            vowels = [not _consonant(word, i) for i in range(size)]
            assert _has_vowel(word) == any(vowels), word
            measure = sum(1 for i in range(1, size) if vowels[i - 1] and not vowels[i])
            assert _measure(word) == measure, word


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("supplied", "supply"),
        ("hopping", "hop"),
        ("filing", "file"),
        ("rated", "rate"),
        ("agreed", "agreed"),
        ("sizing", "size"),
        ("deployments", "deploy"),
        ("yelling", "yell"),
        ("caresses", "caress"),
        ("ponies", "pony"),
        ("sing", "sing"),
        ("ties", "tie"),
    ],
)
def test_stem_steps(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word", ["yyied", "yyyed", "yyyying", "yies"])
def test_stem_of_a_word_of_ys_before_its_ending(word: str) -> None:
    """Such a word (a typo, an odd authority name) crashed the import that met it."""
    assert stem(word).startswith("yy" if word != "yies" else "y")
    assert subject_terms(word, f"the {word} accounts", authority=f"{word} council") == ["account"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("fly-tipping", "fly tipping"),
        ("flytipping", "Fly-tipped"),
        ("B&B placements", "bed and breakfast placements"),
        ("UAVs", "unmanned aerial vehicles"),
        ("drones", "unmanned aircraft"),
        ("PCNs issued", "penalty charge notices issued"),
        ("FPNs", "fixed penalty notices"),
        ("EHCPs", "education, health and care plans"),
        ("AI tools", "artificial intelligence tools"),
        ("EVs", "electric vehicles"),
        ("bailiffs", "enforcement agents"),
        ("streetlights", "street lights"),
        ("licensing", "licences"),
        ("the children's services", "children services"),
    ],
)
def test_words_fold_spellings_and_abbreviations(a: str, b: str) -> None:
    assert set(words(a)) == set(words(b)), (words(a), words(b))


def test_words_drop_boilerplate() -> None:
    text = (
        "Dear Sir or Madam, under the Freedom of Information Act please provide the following "
        "information for each financial year. Yours faithfully"
    )
    assert words(text) == []


def test_authority_names_are_not_subject_terms() -> None:
    assert {"manchester", "gmp"} <= authority_words("Greater Manchester Police")
    terms = subject_terms(
        "Use of drones by Greater Manchester Police",
        "How many drones does GMP own? How many drone flights over Manchester?",
        authority="Greater Manchester Police",
    )
    assert "drone" in terms
    assert not {"manchester", "gmp", "greater", "police"} & set(terms)


def test_subject_terms_put_title_words_first() -> None:
    terms = subject_terms(
        "Winter gritting", "How many tonnes of salt, and how many gritting routes? Salt stocks."
    )
    assert terms[0] == stem("gritting")
    assert "salt" in terms


# ------------------------------------------------------------------ the index


def _index(docs: dict[str, str]) -> SimilarityIndex:
    index = SimilarityIndex()
    for rid, text in docs.items():
        index.add(rid, subject_terms("", text))
    return index


def test_ranked_scores_are_cosines_best_first_without_the_query() -> None:
    index = _index(
        {
            "1": "potholes repaired compensation claims vehicles",
            "2": "pothole repairs and compensation claims",
            "3": "pothole repairs in parks",
            "4": "library opening hours",
        }
    )
    ranked = index.ranked("1", 10)
    assert [rid for rid, _, _ in ranked][:2] == ["2", "3"]
    assert "1" not in {rid for rid, _, _ in ranked}
    assert "4" not in {rid for rid, _, _ in ranked}  # shares no term
    scores = [score for _, score, _ in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1.0 + 1e-9 for s in scores)
    assert index.score("1", "2")[0] == pytest.approx(ranked[0][1])
    assert set(ranked[0][2]) <= set(index.terms["1"]) & set(index.terms["2"])


def test_ranked_ties_are_ordered_by_numeric_id() -> None:
    index = _index({"1": "gritting salt", "10": "gritting salt", "9": "gritting salt"})
    assert [rid for rid, _, _ in index.ranked("1", 5)] == ["9", "10"]


def test_weights_follow_the_index_as_it_grows() -> None:
    index = _index({"1": "gritting salt", "2": "gritting salt routes"})
    grit = stem("gritting")
    before = index.idf(grit)
    index.add("3", [grit, "library"])
    assert index.idf(grit) < before  # now in 3 of 3
    assert [rid for rid, _, _ in index.ranked("3", 5)] == ["1", "2"]
    assert index.norm("3") > 0


# ------------------------------------------------------------------ similar_requests


def _subject(
    n: int, title: str, text: str, *, received: str = "2026-11-02", **fields: object
) -> Request:
    return make_request(n, title=title, text=text, received=received).model_copy(update=fields)


def test_similar_requests_reasons_and_bonuses(make_store: Callable[..., Store]) -> None:
    store = make_store(
        [
            _subject(1, "Pothole repairs", "How many potholes were repaired and claims paid?"),
            _subject(
                2,
                "Potholes and damage claims",
                "Potholes repaired; compensation claims paid.",
                received="2026-11-20",
            ),
            _subject(
                3,
                "Pothole claims",
                "Pothole compensation claims paid",
                authority="Leeds City Council",
                received="2024-01-10",
            ),
            _subject(4, "Library hours", "Which libraries have shorter opening hours?"),
        ]
    )
    matches = similar_requests(store, "1")
    assert [m.id for m in matches] == ["2", "3"]
    first, second = matches
    assert "shared terms: " in first.reason and "pothole" in first.reason
    assert "same authority" in first.reason and "within 60 working days" in first.reason
    assert "same authority" not in second.reason and "within 60" not in second.reason
    assert first.score > first.text_score > MIN_TEXT_SCORE  # bonuses on top of the text
    assert second.score == second.text_score
    assert stem("pothole") in first.shared


def test_similar_requests_leave_out_requests_sharing_next_to_nothing(
    make_store: Callable[..., Store],
) -> None:
    store = make_store(
        [
            _subject(1, "Pothole repairs", "Pothole repairs, claims, inspections and costs."),
            _subject(
                2,
                "Library opening hours",
                "Library opening hours, closures, volunteers, staff, mobile libraries, costs.",
            ),
        ]
    )
    assert store.similarity_index().score("1", "2")[0] < MIN_TEXT_SCORE
    assert similar_requests(store, "1") == []


def test_cli_similar_json(make_store: Callable[..., Store], store_path: Path, capsys) -> None:
    make_store(
        [
            _subject(1, "Pothole repairs", "Potholes repaired and claims paid"),
            _subject(2, "Potholes", "Pothole repairs and claims"),
            _subject(3, "Pothole claims", "Pothole claims paid"),
        ]
    )
    assert main(["--store", str(store_path), "similar", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [set(item) for item in out] == [{"id", "score", "reason"}] * 2
    assert [item["score"] for item in out] == sorted((i["score"] for i in out), reverse=True)


# ------------------------------------------------------------------ quality on the labelled set


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, similar_eval.Labels]:
    labels = similar_eval.load_labels()
    store = similar_eval.labelled_store(tmp_path_factory.mktemp("labelled") / "store", labels)
    return store, labels


def test_labelled_set_is_well_formed(labelled: tuple[Store, similar_eval.Labels]) -> None:
    store, labels = labelled
    assert len(store) >= 60
    refs = {row.ref for row in store.summaries()}
    grouped = {ref for group in labels.groups.values() for ref in group}
    assert grouped <= refs and set(labels.near_misses) <= refs
    assert not grouped & set(labels.near_misses)
    assert all(2 <= len(group) <= 5 for group in labels.groups.values())
    # Most near misses share an authority with a group member: the hard cases.
    authorities = {row.ref: row.authority for row in store.summaries()}
    grouped_authorities = {authorities[ref] for ref in grouped}
    hard = [ref for ref in labels.near_misses if authorities[ref] in grouped_authorities]
    assert len(hard) >= 15


def test_ranking_quality_on_the_labelled_set(labelled: tuple[Store, similar_eval.Labels]) -> None:
    """Precision at 5 over the queries with positives (every grouped request).

    A query with p positives can have at most min(5, p) right in its top 5, so raw P@5 cannot
    reach 1 here (`ideal` is its best possible value on this set, about 0.48). The bar is 80% of
    what is possible: normalised P@5 (hits / min(5, p)) at least 0.8, raw P@5 at least 0.8 of
    ideal, and the first same-subject request on average near the top (MRR). At the time of
    writing: normalised P@5 0.97, raw 0.47 of 0.48, MRR 0.98 (`python -m foitui.similar_eval`).
    """
    store, labels = labelled
    figures = similar_eval.evaluate(store, labels).figures()
    assert figures["queries"] >= 60
    assert figures["p_at_5_normalised"] >= 0.8
    assert figures["p_at_5"] >= 0.8 * figures["p_at_5_ideal"]
    assert figures["recall_at_5"] >= 0.8
    assert figures["mrr"] >= 0.85


def test_bonuses_do_not_cost_quality(labelled: tuple[Store, similar_eval.Labels]) -> None:
    # Same authority and date bonuses order near-ties; they must not push out real matches.
    store, labels = labelled
    text = similar_eval.evaluate(store, labels, similar_eval.rank_text).figures()
    shown = similar_eval.evaluate(store, labels).figures()
    assert shown["p_at_5_normalised"] >= text["p_at_5_normalised"] - 0.02


def test_evaluation_metrics_by_hand(labelled: tuple[Store, similar_eval.Labels]) -> None:
    q = similar_eval.QueryResult(
        "X", positives=2, top=[("A", 0.9, False), ("B", 0.8, True), ("C", 0.7, True)], hits=2
    )
    assert q.precision == pytest.approx(0.4)
    assert q.ideal == pytest.approx(0.4)
    assert q.normalised == pytest.approx(1.0)
    assert q.recall == pytest.approx(1.0)
    assert q.reciprocal_rank == pytest.approx(0.5)
