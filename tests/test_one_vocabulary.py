"""Issue 17's results and words: exemptions counted by section, one status vocabulary for people,
the on-time figure saying what it needs, and `foitui list` fitting the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.exemptions import one_code_each, section_of
from foitui.importing import build_requests, read_records
from foitui.kinds import Status
from foitui.store import Store
from foitui.wording import STATUS_WORD, status_from_words
from tests.conftest import SAMPLE
from tests.conftest import run_cli as run


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("vocabulary") / "store"
    assert main(["--store", str(store), "import", str(SAMPLE)]) == 0
    return store


def _sample_request(ref: str):
    records, _errors = read_records(SAMPLE, "auto", [])
    for request in build_requests(records):
        if not isinstance(request, str) and request.ref == ref:
            return request
    raise AssertionError(f"{ref} is not in the sample")


# ------------------------------------------------------------------ one provision, one code


def test_a_code_counts_under_its_section() -> None:
    # FOIA s.12(1) is the cost limit of s.12; s.31(1)(a) and (b) are both s.31 (law enforcement).
    assert [section_of(c) for c in ("s12", "s12(1)", "s31(1)(a)", "s40(2)")] == [
        "s12",
        "s12",
        "s31",
        "s40",
    ]
    # FOISA sections likewise (fs38(1)(b) is s.38 personal information).
    assert section_of("fs38(1)(b)") == "fs38"
    # EIR reg. 12(4)(a) (not held) and 12(5)(e) (commercial confidentiality) are different
    # exceptions of one regulation: each counts as itself, a finer paragraph under its entry.
    assert section_of("r12(4)(a)") == "r12(4)(a)"
    assert section_of("r12(5)(e)") == "r12(5)(e)"
    assert section_of("r12(4)(a)(i)") == "r12(4)(a)"
    assert section_of("sr10(4)(a)") == "sr10(4)(a)"


def test_one_provision_is_cited_once_most_precisely() -> None:
    assert one_code_each(["s12", "s12(1)"]) == ["s12(1)"]
    assert one_code_each(["s21", "s12", "s21", "s12(1)"]) == ["s21", "s12(1)"]
    assert one_code_each(["s40(2)", "s43(2)"]) == ["s40(2)", "s43(2)"]


def test_the_sample_cites_each_ground_once_and_no_invented_subsection() -> None:
    # FOI 11726 says "Section 12 of the Act allows ..." then "refusing ... under section
    # 12(1)": one ground, s12(1).
    refused = _sample_request("FOI 11726")
    assert {tuple(q.exemptions) for q in refused.questions} == {("s12(1)",)}
    # IR-88812: "section 31(1)(a) and (b)" is s.31(1)(b), never "s31(b)" (FOIA s.31 has no
    # subsection (b) of its own).
    drones = _sample_request("IR-88812")
    cited = {code for answer in drones.answers for code in answer.exemptions}
    assert {"s31(1)(a)", "s31(1)(b)"} <= cited
    assert "s31(b)" not in cited


def test_statistics_count_requests_by_section(sample: Path, capsys) -> None:
    code, out, _ = run(capsys, "--store", sample, "stats", "--json")
    stats = json.loads(out)
    assert code == 0
    # Three requests cite s12 and one only s12(1): four requests relied on the cost limit.
    assert stats["by_exemption"]["s12"] == 3 and stats["by_exemption"]["s12(1)"] == 1
    assert stats["by_section"]["s12"] == 4
    # IR-88812 and IR-90233 cite s31(1)(a) and (b): two requests, counted once each.
    assert stats["by_section"]["s31"] == 2
    assert not any("s31(b)" in code for code in stats["by_section"])
    _, text, _ = run(capsys, "--store", sample, "stats")
    assert "s12 Cost of compliance" in text and "s12(1)" not in text


def test_the_exemption_option_finds_every_subsection(sample: Path, capsys) -> None:
    code, out, _ = run(capsys, "--store", sample, "list", "--exemption", "s12", "--json")
    refs = {row["ref"] for row in json.loads(out)}
    assert code == 0 and "FOI 11726" in refs and len(refs) == 4


# ------------------------------------------------------------------ the on-time figure


def test_on_time_says_what_it_needs_and_how_to_supply_it(sample: Path, capsys) -> None:
    _, text, _ = run(capsys, "--store", sample, "stats")
    assert "no responses with a recorded date yet" not in text
    assert "needs the date each response was sent; 21 closed requests have none" in text
    assert "foitui set ID --responded YYYY-MM-DD" in text
    assert max(map(len, text.splitlines()[:4])) <= 80


# ------------------------------------------------------------------ one vocabulary


def test_every_status_has_one_word_for_people_and_the_cli_takes_all() -> None:
    assert len(set(STATUS_WORD.values())) == len(Status)
    for status, word in STATUS_WORD.items():
        assert status_from_words(word) is status
        assert status_from_words(status.value) is status
    assert status_from_words("waiting for clarification") is Status.WAITING_CLARIFICATION
    assert status_from_words("partially-successful") is Status.PARTIALLY_SUCCESSFUL
    assert status_from_words("nonsense") is None


def test_mark_takes_an_outcome_as_people_read_it(tmp_path: Path, capsys) -> None:
    # One vocabulary (issue 17): `mark --outcome` takes "not held" as the app shows it, and
    # the script word, and refuses anything else as a usage error.
    from foitui.kinds import Outcome
    from foitui.wording import OUTCOME_WORD, outcome_from_words

    for outcome, word in OUTCOME_WORD.items():
        assert outcome_from_words(word) is outcome
        assert outcome_from_words(outcome.value) is outcome
    store = tmp_path / "store"
    assert run(capsys, "--store", store, "import", SAMPLE)[0] == 0
    assert run(capsys, "--store", store, "mark", "3", "1", "--outcome", "not held")[0] == 0
    assert run(capsys, "--store", store, "mark", "3", "2", "--outcome", "partly_answered")[0] == 0
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--store", store, "mark", "3", "3", "--outcome", "maybe")
    assert exit_.value.code == 2
    questions = Store.open(store).get("3").questions
    assert [q.outcome for q in questions[:3]] == [
        Outcome.NOT_HELD,
        Outcome.PARTLY_ANSWERED,
        Outcome.PENDING,
    ]


def test_the_command_line_shows_the_words_people_read(sample: Path, capsys) -> None:
    # The same word in `list`, `show` and `stats` as in the app; scripts read JSON.
    _, listed, _ = run(capsys, "--store", sample, "list", "--status", "partial")
    assert " partial " in listed and "partially_successful" not in listed
    _, shown, _ = run(capsys, "--store", sample, "show", "1")
    assert "status: partial" in shown
    _, stats, _ = run(capsys, "--store", sample, "stats")
    assert "  partial " in stats and "partially_successful" not in stats
    assert "  partly answered " in stats and "partly_answered" not in stats
    _, rows, _ = run(capsys, "--store", sample, "list", "--status", "partial", "--json")
    assert {row["status"] for row in json.loads(rows)} == {"partially_successful"}


# ------------------------------------------------------------------ list fits the width


@pytest.mark.parametrize("columns", [60, 80, 100, 160])
def test_list_lines_fit_the_terminal(
    sample: Path, capsys, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    # shutil.get_terminal_size reads $COLUMNS first: a terminal or a pipe, the same rule.
    monkeypatch.setenv("COLUMNS", str(columns))
    _, out, _ = run(capsys, "--store", sample, "list")
    lines = out.splitlines()
    assert max(map(len, lines)) <= columns
    # Every reference whole, every title there (cut with "…" at most).
    assert "FOI/MFT/26/1045" in out
    assert "Data analytics" in out
    if columns >= 100:
        assert lines[0].rstrip().endswith("TITLE")
    else:
        # Too little room beside the columns: each title on its own line under its row.
        assert lines[2].startswith("       Data analytics in children")
    _, empty, _ = run(capsys, "--store", sample, "list", "--status", "not held")
    assert empty.splitlines()[-1] == "0 requests"


# ------------------------------------------------------------------ history in sentences


def test_history_reads_as_sentences(tmp_path: Path, capsys) -> None:
    # Issue 17: `clock stop: (none) -> {'kind': 'clarification', ...}`, `link FOI|117261`.
    store = tmp_path / "store"
    for args in (
        ["import", SAMPLE],
        ["mark", "3", "1", "--outcome", "refused", "--exemption", "s12", "--note", "too big"],
        ["mark", "3", "1", "--hours", "20"],
        ["link", "3", "2", "--kind", "prior"],
        ["link", "3", "FOI 117261", "--note", "older"],
        ["stop", "3", "--kind", "clarification", "--start", "2026-09-20"],
        ["stop", "3", "--kind", "clarification", "--end", "2026-09-25"],
        ["extend", "3", "--days", "10", "--reason", "pit"],
        ["set", "3", "--status", "partial", "--responded", "2026-10-01"],
        ["review", "3", "--requested", "2026-10-10"],
        ["unlink", "3", "2"],
    ):
        assert run(capsys, "--store", store, *args)[0] == 0, args
    _, out, _ = run(capsys, "--store", store, "history", "3")
    lines = [line.split(" #3 ", 1)[1] for line in out.splitlines()]
    assert lines == [
        "Q1 marked refused",
        "Q1 cites s12",
        "Q1 note: “too big”",
        "Q1 estimated at 20 hours",
        "Linked to FOI 11726 (prior)",
        "Linked to FOI 117261, not in this store (related): older",
        "Clarification sought 20 Sep 2026: clock stopped",
        "Clock restarted 25 Sep 2026: clarification received",
        "Time limit extended by 10 working days (public interest test s.10(3))",
        "Status set to partial",
        "Date responded set to 1 Oct 2026",
        "Internal review requested 10 Oct 2026",
        "Unlinked from FOI 11726 (was prior)",
    ]


# ------------------------------------------------------------------ CSV export


def test_csv_export_carries_hours_response_date_and_clock_stops(tmp_path: Path, capsys) -> None:
    import csv
    import io

    store = tmp_path / "store"
    for args in (
        ["import", SAMPLE],
        ["mark", "3", "1", "--hours", "7.5"],
        ["stop", "3", "--kind", "clarification", "--start", "2026-09-20"],
        ["stop", "3", "--kind", "clarification", "--end", "2026-09-25"],
        ["stop", "3", "--kind", "fees", "--start", "2026-09-28"],
        ["set", "3", "--responded", "2026-10-30"],
    ):
        assert run(capsys, "--store", store, *args)[0] == 0, args
    code, out, _ = run(capsys, "--store", store, "export", "--format", "csv")
    rows = [row for row in csv.DictReader(io.StringIO(out)) if row["id"] == "3"]
    assert code == 0 and rows
    assert {row["responded"] for row in rows} == {"2026-10-30"}
    assert rows[0]["hours"] == "7.5" and rows[1]["hours"] == ""
    assert rows[0]["stops"] == "clarification 2026-09-20..2026-09-25; fees 2026-09-28.."


# ------------------------------------------------------------------ the response date on import


def test_the_response_date_is_taken_from_the_imported_record(tmp_path: Path, capsys) -> None:
    # FOIA s.10(1): on time is on or before the 20th working day. Received Mon 2 Sep 2024: due
    # Mon 30 Sep 2024. A RESPONDED column gives the date the on-time figure needs.
    corpus = tmp_path / "answered.tsv"
    corpus.write_text(
        "REF\tRECEIVED\tRESPONDED\tREQUEST\tRESPONSE\n"
        "FOI 1\t2024-09-02\t2024-09-30\t<p>1. How many bins?</p>\t<p>1. 12.</p>\n"
        "FOI 2\t2024-09-02\t01/10/2024\t<p>1. How many vans?</p>\t<p>1. 3.</p>\n"
        "FOI 3\t2024-09-02\t\t<p>1. How many cars?</p>\t\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert run(capsys, "--store", store, "import", corpus)[0] == 0
    _, out, _ = run(capsys, "--store", store, "stats", "--json")
    stats = json.loads(out)
    assert (stats["responded"], stats["on_time"], stats["on_time_rate"]) == (2, 1, 0.5)
    _, shown, _ = run(capsys, "--store", store, "show", "FOI 2", "--json")
    assert json.loads(shown)["responded"] == "2024-10-01"
    _, rows, _ = run(capsys, "--store", store, "list", "--json")
    assert [row["responded"] for row in json.loads(rows)] == ["2024-09-30", "2024-10-01", None]
    # Set by hand, it wins over the imported date; cleared, there is none.
    assert run(capsys, "--store", store, "set", "FOI 2", "--responded", "2024-09-27")[0] == 0
    _, out, _ = run(capsys, "--store", store, "stats", "--json")
    assert json.loads(out)["on_time"] == 2


def test_a_response_date_before_receipt_is_a_bad_record(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "bad.tsv"
    corpus.write_text(
        "REF\tRECEIVED\tRESPONDED\tREQUEST\tRESPONSE\n"
        "FOI 1\t2024-09-02\t2024-08-30\t<p>1. How many bins?</p>\t<p>1. 12.</p>\n"
        "FOI 2\t2024-09-02\tsoon\t<p>1. How many vans?</p>\t<p>1. 3.</p>\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--store", tmp_path / "store", "import", corpus)
    assert code == 1
    assert "RESPONDED 2024-08-30 is before RECEIVED 2024-09-02" in err
    assert "RESPONDED 'soon' is not a date" in err
