"""Reference resolution end to end (files -> parser -> store) and case chains."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from foitui.chains import REFERENCE, THIS, chain, chain_text, outcome_summary
from foitui.cli import main
from foitui.importing import load_corpus
from foitui.models import LinkKind, Outcome, Question, Request, Status
from foitui.store import Store
from tests.conftest import make_request

HEADER = ("REF", "TITLE", "AUTHORITY", "RECEIVED", "REQUESTER", "STATUS", "REQUEST", "RESPONSE")


def write_tsv(path: Path, rows: list[dict[str, str]]) -> Path:
    lines = ["\t".join(HEADER)]
    for row in rows:
        lines.append("\t".join(row.get(name.lower(), "") for name in HEADER))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_rows(store: Store, path: Path, rows: list[dict[str, str]]) -> list[str]:
    before = set(store.ids())
    imported, _duplicates, errors = load_corpus(
        store, [write_tsv(path, rows)], fmt="tsv", skip_bad=False
    )
    assert not errors and imported == len(rows)
    return [rid for rid in store.ids() if rid not in before]


def request_row(ref: str, text: str, **fields: str) -> dict[str, str]:
    return {
        "ref": ref,
        "title": fields.get("title", f"Request {ref}"),
        "authority": fields.get("authority", "Wigan Council"),
        "received": fields.get("received", "2026-03-02"),
        "requester": fields.get("requester", ""),
        "status": fields.get("status", ""),
        "request": f"<p>{text}</p>",
        "response": fields.get("response", ""),
    }


# ------------------------------------------------------------------ reference resolution


@pytest.mark.parametrize(
    ("stored", "cited"),
    [
        ("FOI/2023/0456", "FOI 2023/456"),  # spaces for slashes, no leading zero
        ("FOI/2023/0456", "foi-2023-0456"),  # case, dashes
        ("FOI-2024-1187", "FOI/2024/1187"),
        ("FOI 11726", "FOI11726"),
        ("FOI11726", "FOI 11726"),
        ("IR-88812", "IR 88812"),
        ("EIR 2023/101", "EIR/2023/0101"),
        ("FOISA-2026-0456", "FOISA 2026/456"),
        ("FOIR/22/0145", "foir 22/145"),
        ("FOI 11726", "reference number 11726"),  # a bare number: the one ref with it
        ("FOI 11726", "FOI ref 11726"),  # a word inside the reference
        ("2026-0045123", "FOI 2026-0045123"),  # a scheme the stored ref does not spell
    ],
)
def test_reference_in_text_resolves_in_any_spelling(
    tmp_path: Path, stored: str, cited: str
) -> None:
    store = Store.open(tmp_path / "store")
    (earlier,) = import_rows(
        store, tmp_path / "a.tsv", [request_row(stored, "How many potholes were repaired?")]
    )
    (later,) = import_rows(
        store,
        tmp_path / "b.tsv",
        [request_row("FOI 99001", f"This follows my earlier request {cited}, answered in May.")],
    )
    request = Store.open(tmp_path / "store").get(later)
    assert [(r.text.lower(), r.resolved) for r in request.references] == [
        (cited.lower().removeprefix("reference number "), earlier)
    ]
    assert store.find(cited.removeprefix("reference number ")) == earlier
    # ... and the earlier request knows it is cited: its chain reaches the later one.
    assert chain(store, earlier).ids() == [earlier, later]


def test_references_do_not_resolve_to_the_wrong_case(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    import_rows(
        store,
        tmp_path / "a.tsv",
        [
            request_row("FOI 2023/101", "Potholes."),
            request_row("EIR 5501", "Air quality."),
            request_row("FOI 5501", "Parking."),
        ],
    )
    (rid,) = import_rows(
        store,
        tmp_path / "b.tsv",
        [request_row("FOI 1", "Further to EIR 2023/101 and to your reference 5501.")],
    )
    references = {r.text: r.resolved for r in store.get(rid).references}
    # EIR 2023/101 is not FOI 2023/101; 5501 is ambiguous between two requests.
    assert references == {"EIR 2023/101": None, "5501": None}


def test_references_and_external_links_resolve_when_the_case_is_imported_later(
    tmp_path: Path,
) -> None:
    root = tmp_path / "store"
    store = Store.open(root)
    (newer,) = import_rows(
        store,
        tmp_path / "first.tsv",
        [
            request_row(
                "FOI-2026-3466",
                "I am asking again for information I requested in FOI-2026-3187.",
                received="2026-11-16",
            )
        ],
    )
    store.link(newer, "foi 2026/2950", kind=LinkKind.PRIOR, note="the first iteration")
    request = store.get(newer)
    assert [r.resolved for r in request.references] == [None]
    assert [(link.target, link.external) for link in request.links] == [("foi 2026/2950", True)]

    # Another process imports the earlier cases afterwards.
    other = Store.open(root)
    first, second = import_rows(
        other,
        tmp_path / "second.tsv",
        [
            request_row("FOI/2026/02950", "Agency staff spend.", received="2026-09-02"),
            request_row("FOI 2026 3187", "Agency social workers.", received="2026-10-05"),
        ],
    )
    store.refresh()
    request = store.get(newer)
    assert [r.resolved for r in request.references] == [second]
    assert [(link.target, link.external, link.kind) for link in request.links] == [
        (first, False, LinkKind.PRIOR)
    ]
    inbound = store.get(first).links
    assert [(link.target, link.inbound) for link in inbound] == [(newer, True)]
    assert store.summary(first).links == 1
    # The chain from the oldest request now reaches the newest, through the link.
    assert chain(store, first).ids() == [first, second, newer]


# ------------------------------------------------------------------ chains


def _with_outcomes(
    n: int,
    ref: str,
    received: str,
    text: str,
    outcomes: list[tuple[Outcome, list[str]]],
    refs: tuple[str, ...] = (),
) -> Request:
    request = make_request(
        n, ref=ref, received=received, text=text, questions=len(outcomes), refs=refs
    )
    questions = [
        Question(key=q.key, label=q.label, text=q.text, outcome=outcome, exemptions=codes)
        for q, (outcome, codes) in zip(request.questions, outcomes, strict=True)
    ]
    return request.model_copy(update={"questions": questions})


@pytest.fixture
def iterations(make_store: Callable[..., Store]) -> Store:
    """A refused on cost (s.12), B narrowed it (cites A), C asks again (cites B)."""
    refused = [(Outcome.REFUSED, ["s12"])] * 3
    return make_store(
        [
            _with_outcomes(1, "FOI 100", "2026-01-05", "Agency staff spend, all years.", refused),
            _with_outcomes(
                2,
                "FOI 200",
                "2026-02-09",
                "Narrowed from FOI 100: agency social workers only.",
                [(Outcome.ANSWERED, []), (Outcome.REFUSED, ["s43(2)"])],
                refs=("FOI 100",),
            ),
            make_request(
                3,
                ref="FOI 300",
                received="2026-03-16",
                text="Asking again, as in FOI 200.",
                refs=("FOI 200",),
            ),
            make_request(4, ref="FOI 400", received="2026-03-20", text="Library opening hours."),
        ]
    )


def test_chain_follows_references_both_ways_in_date_order(iterations: Store) -> None:
    for start in ("1", "2", "3"):
        found = chain(iterations, start)
        assert found.ids() == ["1", "2", "3"], start
        assert found.entries[found.position].id == start
        assert found.entries[found.position].connection == THIS
        assert not found.truncated
    found = chain(iterations, "1")
    by_id = {e.id: e for e in found.entries}
    assert by_id["2"].depth == 1 and by_id["3"].depth == 2
    assert by_id["2"].connection == REFERENCE and by_id["2"].via_id == "1"
    assert by_id["2"].via == 'cites #1 as "FOI 100"'
    assert by_id["1"].outcome == "refused: 3 refused (s.12)"
    assert by_id["1"].exemptions == ("s.12",)
    assert by_id["2"].outcome == "partially successful: 1 answered, 1 refused (s.43(2))"


def test_chain_follows_links_both_ways_and_survives_cycles(iterations: Store) -> None:
    iterations.link("4", "3", kind=LinkKind.RELATED)
    iterations.link("3", "4", kind=LinkKind.DUPLICATE)
    iterations.link("1", "4", kind=LinkKind.AGGREGATE)
    found = chain(iterations, "4")
    assert found.ids() == ["1", "2", "3", "4"]
    by_id = {e.id: e for e in found.entries}
    assert by_id["3"].connection in ("related", "duplicate")
    assert by_id["1"].connection == "aggregate" and by_id["1"].via == "links to #4 as aggregate"


def test_chain_depth_limit_and_external_cases(iterations: Store) -> None:
    iterations.link("3", "ICO IC-123456", kind=LinkKind.RELATED)
    shallow = chain(iterations, "3", max_depth=1)
    assert shallow.truncated
    assert "1" not in shallow.ids()
    external = [e for e in shallow.entries if e.external]
    assert [(e.ref, e.connection, e.id) for e in external] == [("ICO IC-123456", "related", None)]
    assert shallow.entries[-1].external  # undated cases go last
    full = chain(iterations, "3")
    assert full.ids() == ["1", "2", "3"] and not full.truncated


def test_chain_of_a_request_with_no_connections(iterations: Store) -> None:
    found = chain(iterations, "4")
    assert found.ids() == ["4"] and found.position == 0
    assert "Chain of #4 FOI 400: 1 case" in chain_text(found)


def test_outcome_summary_counts_questions() -> None:
    request = make_request(1, questions=3, answered=2).model_copy(
        update={"status": Status.IN_PROGRESS}
    )
    assert outcome_summary(request) == ("in progress: 2 answered, 1 pending", ())


def test_chain_on_the_sample_corpus(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE

    store = Store.open(tmp_path / "store")
    load_corpus(store, [SAMPLE], fmt="auto", skip_bad=False)
    leeds = {store.summary(rid).ref: rid for rid in store.ids()}
    found = chain(store, leeds["FOI-2026-2950"])
    assert [e.ref for e in found.entries] == ["FOI-2026-2950", "FOI-2026-3187", "FOI-2026-3466"]


def test_cli_chain(iterations: Store, store_path: Path, capsys) -> None:
    assert main(["--store", str(store_path), "chain", "FOI 300", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "3"
    assert [e["id"] for e in data["entries"]] == ["1", "2", "3"]
    assert data["entries"][0]["outcome"] == "refused: 3 refused (s.12)"
    assert main(["--store", str(store_path), "chain", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    cases = [
        next(w for w in line.split() if w[0] == "#") for line in lines[1:] if line[2:4] == "20"
    ]
    assert cases == ["#1", "#2", "#3"]
    assert lines[0] == "Chain of #3 FOI 300: 3 cases"
    assert main(["--store", str(store_path), "chain", "3", "--depth", "0"]) == 2
