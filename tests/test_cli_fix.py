"""`foitui fix ID ...`: split, merge, relabel, move, list; errors and exit codes; the flag in
`list --json` and `show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitui.store import Store
from tests.conftest import run_cli
from tests.test_corrections import REQUEST, RESPONSE


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """The command's exit code and output; argparse's usage errors exit through SystemExit."""
    try:
        return run_cli(capsys, *args)  # type: ignore[arg-type]
    except SystemExit as done:
        out, err = capsys.readouterr()
        return int(done.code or 0), out, err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    corpus = tmp_path / "fix.tsv"
    corpus.write_text(f"REF\tTITLE\tREQUEST\tRESPONSE\nFOI 77\tParking\t{REQUEST}\t{RESPONSE}\n")
    path = tmp_path / "store"
    assert run(capsys, "import", corpus, "--store", path)[0] == 0
    return path


def keys(path: Path) -> list[str]:
    return [q.key for q in Store.open(path).get("1").questions]


def test_split_merge_relabel_move_and_list(store: Path, capsys) -> None:
    code, out, err = run(capsys, "fix", "1", "split", "1", "--at", "2. how many", "--store", store)
    assert (code, err) == (0, "")
    assert out == "fixed 1: split 1 before '2. how many'; questions now: 1 2 3 5\n"
    assert keys(store) == ["1", "2", "3", "5"]

    code, out, _ = run(capsys, "fix", "FOI 77", "move", "--text", "30 cancelled", "--to", "2",
                       "--store", store)  # fmt: skip
    assert code == 0 and "to question 2" in out
    assert Store.open(store).get("1").questions[1].answer == "There were 30 cancelled."

    assert run(capsys, "--store", store, "fix", "1", "relabel", "5", "Q4")[0] == 0
    assert keys(store) == ["1", "2", "3", "4"]

    assert run(capsys, "fix", "1", "merge", "3", "--store", store)[0] == 0
    assert keys(store) == ["1", "2", "3"]

    code, out, _ = run(capsys, "fix", "1", "move", "--text", "It cost", "--to", "unassigned",
                       "--store", store)  # fmt: skip
    assert code == 0
    assert run(capsys, "fix", "1", "move", "--text", "It cost", "--to", "parser",
               "--store", store)[0] == 0  # fmt: skip
    assert Store.open(store).get("1").questions[2].answer == "It cost £5,000."

    code, out, _ = run(capsys, "fix", "1", "list", "--store", store)
    assert code == 0
    assert out.splitlines() == [
        "1. split 1 before '2. how many'",
        "2. move 'There were 30 cancelled.' to question 2",
        "3. relabel 5 as 4",
        "4. merge 3 with the next question",
        "5. move 'It cost £5,000.' to the unassigned text",
        "6. move 'It cost £5,000.' to where the parser put it",
    ]
    code, out, _ = run(capsys, "fix", "1", "list", "--json", "--store", store)
    listed = json.loads(out)
    assert [op["op"] for op in listed] == ["split", "move", "relabel", "merge", "move", "move"]
    assert all(op["applies"] for op in listed)
    # Journalled with who and when.
    code, out, _ = run(capsys, "history", "1", "--json", "--store", store)
    entries = [e for e in json.loads(out) if e["action"] == "correct"]
    assert len(entries) == 6 and all(e["user"] and e["at"] for e in entries)


def test_errors_are_one_line_with_data_and_usage_exit_codes(store: Path, capsys) -> None:
    code, out, err = run(capsys, "fix", "1", "split", "9", "--at", "x", "--store", store)
    assert code == 1 and out == ""
    assert err == "foitui: error: request 1: no question '9' (questions: 1, 3, 5)\n"
    code, _, err = run(capsys, "fix", "1", "split", "1", "--at", "nowhere", "--store", store)
    assert code == 1 and err.startswith("foitui: error: request 1: question 1 has no 'nowhere'")
    code, _, err = run(capsys, "fix", "1", "merge", "5", "--store", store)
    assert code == 1 and "is the last" in err
    code, _, err = run(capsys, "fix", "1", "move", "--text", "zzz", "--to", "1", "--store", store)
    assert (code, err) == (1, "foitui: error: request 1: no block of the response holds 'zzz'\n")
    code, _, err = run(capsys, "fix", "404", "merge", "1", "--store", store)
    assert code == 1 and err.startswith("foitui: error: no request")
    code, _, err = run(capsys, "fix", "1", "--store", store)
    assert code == 2 and err.splitlines()[-1].startswith("foitui: error:")
    code, _, err = run(capsys, "fix", "1", "split", "1", "--store", store)  # no --at
    assert code == 2 and "--at" in err
    code, _, err = run(capsys, "fix", "1", "explode", "--store", store)
    assert code == 2
    assert Store.open(store).corrections("1") == ([], [])


def test_list_json_and_show_carry_the_check_flag(store: Path, capsys) -> None:
    out = run(capsys, "list", "--json", "--store", store)[1]
    assert json.loads(out)[0]["check_split"] is True
    out = run(capsys, "list", "--check-split", "--json", "--store", store)[1]
    assert [row["id"] for row in json.loads(out)] == ["1"]
    out = run(capsys, "show", "1", "--json", "--store", store)[1]
    record = json.loads(out)
    assert record["check_split"] is True
    assert record["check_reasons"][0].startswith("1 question has no answer (5)")
    out = run(capsys, "show", "1", "--store", store)[1]
    assert "check the split: 1 question has no answer (5)" in out
    # Corrected until nothing is left to check: the flag goes.
    for args in (
        ("relabel", "5", "4"),
        ("move", "--text", "Please note", "--to", "4"),
        ("move", "--text", "Thank you", "--to", "4"),
        ("split", "1", "--at", "2. how many"),
        ("move", "--text", "30 cancelled", "--to", "2"),
    ):
        assert run(capsys, "fix", "1", *args, "--store", store)[0] == 0
    _code, out, _ = run(capsys, "list", "--json", "--store", store)
    assert json.loads(out)[0]["check_split"] is False
    out = run(capsys, "show", "1", "--json", "--store", store)[1]
    assert json.loads(out)["check_split"] is False
    assert run(capsys, "list", "--check-split", "--store", store)[1].count("FOI 77") == 0


def test_a_reimport_keeps_the_corrections(store: Path, tmp_path: Path, capsys) -> None:
    assert run(capsys, "fix", "1", "split", "1", "--at", "2. how many", "--store", store)[0] == 0
    assert run(capsys, "import", tmp_path / "fix.tsv", "--store", store)[1].startswith(
        "imported 0, skipped 1"
    )
    assert keys(store) == ["1", "2", "3", "5"]


def test_export_and_stats_read_the_corrected_request(store: Path, capsys) -> None:
    assert run(capsys, "fix", "1", "split", "1", "--at", "2. how many", "--store", store)[0] == 0
    code, out, _ = run(capsys, "export", "--format", "json", "--store", store)
    assert code == 0
    record = json.loads(out)[0]
    assert [q["key"] for q in record["questions"]] == ["1", "2", "3", "5"]
    assert record["check_split"] is True
    code, out, _ = run(capsys, "stats", "--json", "--store", store)
    assert code == 0 and "pending" in out


def test_the_text_list_marks_requests_to_check(capsys: pytest.CaptureFixture[str], store: Path):
    code, out, _ = run(capsys, "list", "--store", store)
    assert code == 0
    row = next(line for line in out.splitlines() if "FOI 77" in line)
    assert row.lstrip().startswith("1!")
    assert "! the parse needs checking" in out
