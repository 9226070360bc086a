"""The command line as CONTRACT.md defines it: commands, output, exit codes and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from foitui.cli import main
from tests.conftest import SAMPLE, SEED
from tests.conftest import run_cli as run


@pytest.fixture
def seeded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    store = tmp_path / "store"
    code, out, _ = run(capsys, "import", SEED, "--store", store)
    assert code == 0, out
    return store


def test_import_twice_adds_nothing(tmp_path: Path, capsys) -> None:
    store = tmp_path / "s"
    assert run(capsys, "import", SEED, "--store", store)[1] == (
        "imported 1, skipped 0 duplicates, 0 errors\n"
    )
    assert run(capsys, "--store", store, "import", SEED)[1] == (
        "imported 0, skipped 1 duplicates, 0 errors\n"
    )


def test_json_lone_surrogate_escapes_import_as_replacement_characters(
    tmp_path: Path, capsys
) -> None:
    # json.loads turns "\\ud800" into a lone surrogate, which no UTF-8 file can hold: the
    # import used to fail with an "unexpected UnicodeEncodeError" when writing the store.
    corpus = tmp_path / "s.jsonl"
    corpus.write_text(
        '{"request": "1) Is the council \\ud800 using x? \\ud83d\\ude00",'
        ' "response": "ok \\udc00"}\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert run(capsys, "import", corpus, "--store", store)[:2] == (
        0,
        "imported 1, skipped 0 duplicates, 0 errors\n",
    )
    code, out, _ = run(capsys, "--store", store, "show", "1", "--json")
    assert code == 0
    shown = json.loads(out)
    assert "council \ufffd using x? \U0001f600" in shown["request_text"]
    assert shown["response_text"] == "ok \ufffd"


def test_show_counts_down_only_while_a_request_is_open(tmp_path: Path, capsys) -> None:
    # Both were due long ago: the one still open is overdue, the answered one is not (as in
    # the list and the app, which show no countdown for a closed request).
    corpus = tmp_path / "due.jsonl"
    records = [
        {"ref": "A1", "request": "1) Is it?", "received": "2024-01-08", "status": "new"},
        {"ref": "B2", "request": "1) Was it?", "received": "2024-01-08", "status": "successful"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = tmp_path / "store"
    assert run(capsys, "--store", store, "import", corpus)[0] == 0
    _, open_one, _ = run(capsys, "--store", store, "show", "A1")
    _, answered, _ = run(capsys, "--store", store, "show", "B2")
    assert "due: 2024-02-05 (OVERDUE by" in open_one
    assert "due: 2024-02-05  status: successful" in answered
    assert "OVERDUE" not in answered


def test_a_response_date_ends_the_countdown(tmp_path: Path, capsys) -> None:
    # The status is still worked out from pending questions ("new"), but the response has gone
    # out: the request is no longer overdue anywhere.
    corpus = tmp_path / "due.jsonl"
    record = {"ref": "A1", "request": "1) Is it?", "received": "2024-01-08"}
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert run(capsys, "--store", store, "import", corpus)[0] == 0
    listed = json.loads(run(capsys, "--store", store, "list", "--overdue", "--json")[1])
    assert [r["ref"] for r in listed] == ["A1"]
    assert run(capsys, "--store", store, "set", "A1", "--responded", "2024-02-01")[0] == 0
    assert json.loads(run(capsys, "--store", store, "list", "--overdue", "--json")[1]) == []
    _, shown, _ = run(capsys, "--store", store, "show", "A1")
    assert "due: 2024-02-05  responded: 2024-02-01  status: new" in shown
    record_json = json.loads(run(capsys, "--store", store, "show", "A1", "--json")[1])
    assert record_json["responded"] == "2024-02-01"
    assert json.loads(run(capsys, "--store", store, "stats", "--json")[1])["open"] == 0


def test_set_refuses_another_requests_reference_and_changes_nothing(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert run(capsys, "import", SAMPLE, "--store", store)[0] == 0
    code, _, err = run(
        capsys, "--store", store, "set", "1", "--status", "refused", "--ref", "FOI 11726"
    )
    assert code == 1
    assert err.startswith("foitui: error: 'FOI 11726' is already the reference of request 2")
    record = json.loads(run(capsys, "--store", store, "show", "1", "--json")[1])
    assert (record["ref"], record["status"]) == ("FOI 12904", "partially_successful")


def test_set_status_auto_goes_back_to_the_status_the_outcomes_give(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert run(capsys, "import", SAMPLE, "--store", store)[0] == 0

    def status() -> str:
        return json.loads(run(capsys, "--store", store, "show", "3", "--json")[1])["status"]

    derived = status()
    assert run(capsys, "--store", store, "set", "3", "--status", "withdrawn")[0] == 0
    assert status() == "withdrawn"
    code, out, _ = run(capsys, "--store", store, "set", "3", "--status", "auto")
    assert (code, out) == (0, "updated 3: status=auto\n")
    assert status() == derived


def test_seed_show_has_five_answers_unassigned_text_and_reference(seeded: Path, capsys) -> None:
    code, out, _ = run(capsys, "show", "1", "--json", "--store", seeded)
    assert code == 0
    record = json.loads(out)
    assert [q["label"] for q in record["questions"]] == ["1", "2", "3", "4", "5"]
    assert [q["answer"] for q in record["questions"]] == ["No", "No", "None", "None", "None"]
    assert any(
        u.startswith("Please note that in our last response") for u in record["unassigned_response"]
    )
    assert [(r["scheme"], r["id"]) for r in record["references"]] == [("FOI", "11726")]
    assert record["source"] == {"file": str(SEED), "line": 4, "record": 1}
    code, text, _ = run(capsys, "show", "1", "--store", seeded)
    assert "Q5" in text and "Please note" in text and "FOI 11726" in text


def test_link_to_reference_not_in_store_is_kept_external(seeded: Path, capsys) -> None:
    code, out, _ = run(capsys, "link", "1", "FOI 11726", "--kind", "prior", "--store", seeded)
    assert code == 0
    assert "external" in out
    record = json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1])
    assert record["links"][0] | {} == {
        "target": "FOI 11726",
        "kind": "prior",
        "note": None,
        "external": True,
        "inbound": False,
    }
    assert run(capsys, "unlink", "1", "FOI 11726", "--store", seeded)[0] == 0
    assert json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1])["links"] == []


def test_mark_set_and_list(seeded: Path, capsys) -> None:
    assert (
        run(
            capsys,
            "mark",
            "1",
            "3",
            "--outcome",
            "refused",
            "--exemption",
            "s.40(2)",
            "--note",
            "names",
            "--store",
            seeded,
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            "set",
            "1",
            "--ref",
            "FOI 12904",
            "--received",
            "2026-10-01",
            "--status",
            "internal_review",
            "--store",
            seeded,
        )[0]
        == 0
    )
    record = json.loads(run(capsys, "show", "FOI 12904", "--json", "--store", seeded)[1])
    q3 = record["questions"][2]
    assert (q3["outcome"], q3["exemptions"], q3["note"]) == ("refused", ["s40(2)"], "names")
    assert record["status"] == "internal_review"
    assert record["due"] == "2026-10-29"
    rows = json.loads(run(capsys, "list", "--json", "--store", seeded)[1])
    assert rows[0]["ref"] == "FOI 12904"
    assert "request_text" not in rows[0]
    assert json.loads(run(capsys, "list", "--json", "--status", "new", "--store", seeded)[1]) == []
    _code, table, _ = run(capsys, "list", "--search", "ANALYTICS", "--store", seeded)
    assert "FOI 12904" in table and table.endswith("\n1 request\n")


def test_bad_row_names_the_line_and_imports_nothing(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "REQUEST\tRESPONSE\tRECEIVED\n<p>1) A?</p>\t\t2026-01-05\n\t\t\n\t\t\n"
        "\tx\n<p>1) B?</p>\t\tnot-a-date\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    code, out, err = run(capsys, "import", bad, "--store", store)
    assert code == 1
    assert out == "imported 0, skipped 0 duplicates, 1 errors\n"
    assert f"foitui: error: {bad}:6: RECEIVED 'not-a-date' is not a date" in err
    code, out, _ = run(capsys, "import", bad, "--skip-bad", "--store", store)
    assert code == 0
    assert out == "imported 1, skipped 0 duplicates, 1 errors\n"


def test_a_record_the_parser_fails_on_is_named_and_can_be_skipped(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser bug met by one record fails that record, like a bad one, not the import."""
    from foitui import parsing
    from foitui.models import ParseResult

    real = parsing.parse_pair

    def parse_pair(request: str, response: str) -> ParseResult:
        if "B?" in request:
            raise IndexError("string index out of range")
        return real(request, response)

    monkeypatch.setattr(parsing, "parse_pair", parse_pair)
    corpus = tmp_path / "two.tsv"
    corpus.write_text("REQUEST\tRESPONSE\n<p>1) A?</p>\t\n<p>1) B?</p>\t\n", encoding="utf-8")
    store = tmp_path / "s"
    code, out, err = run(capsys, "import", corpus, "--store", store)
    assert code == 1
    assert out == "imported 0, skipped 0 duplicates, 1 errors\n"
    assert (
        f"foitui: error: {corpus}:3: foitui could not parse this record "
        "(IndexError: string index out of range); please report it"
    ) in err
    assert run(capsys, "import", corpus, "--skip-bad", "--store", store)[:2] == (
        0,
        "imported 1, skipped 0 duplicates, 1 errors\n",
    )
    code, out, err = run(capsys, "parse", corpus, "--store", store)
    assert [record["questions"][0]["text"] for record in json.loads(out)] == ["A?"]
    assert f"{corpus}:3: foitui could not parse this record" in err


def test_parse_prints_contract_records_without_store(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "parse", SEED, "--store", tmp_path / "never")
    assert code == 0
    (record,) = json.loads(out)
    assert record["id"] is None
    assert set(record) >= {
        "id",
        "ref",
        "title",
        "authority",
        "law",
        "received",
        "due",
        "status",
        "source",
        "request_text",
        "response_text",
        "questions",
        "answers",
        "unassigned_response",
        "references",
        "links",
    }
    assert record["questions"][0]["key"] == "1"
    assert not (tmp_path / "never").exists()


def test_due_command(capsys) -> None:
    code, out, _ = run(capsys, "due", "2026-12-18")
    assert code == 0
    # 21 Dec..: Christmas 25th, Boxing Day substitute 28th, 1 Jan, 2 Jan (Scotland, Saturday,
    # substitute Monday 4 Jan) are not working days.
    assert out.split()[0] == "2027-01-21"
    assert run(capsys, "due", "2026-12-18", "--days", "5")[1].split()[0] == "2026-12-29"


def test_usage_errors_exit_2_with_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["due"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("foitui: error:")
    code, _, err = run(capsys, "due", "tomorrow")
    assert code == 2
    assert err.startswith("foitui: error: DATE 'tomorrow' is not a date")


def test_unknown_id_is_an_error_line(seeded: Path, capsys) -> None:
    code, out, err = run(capsys, "show", "FOI 999", "--store", seeded)
    assert code == 1
    assert out == ""
    assert err == "foitui: error: no request with id or reference 'FOI 999' in the store\n"


def test_store_env_variable_and_flag_precedence(tmp_path: Path, capsys, monkeypatch) -> None:
    env_store = tmp_path / "env"
    monkeypatch.setenv("FOITUI_STORE", str(env_store))
    run(capsys, "import", SEED)
    assert (env_store / "index.json").exists()
    flag_store = tmp_path / "flag"
    run(capsys, "import", SEED, "--store", flag_store)
    assert (flag_store / "index.json").exists()
    assert json.loads(run(capsys, "list", "--json")[1])[0]["id"] == "1"


def test_export_csv_is_injection_safe_and_private(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "evil.jsonl"
    corpus.write_text(
        json.dumps({"request": "=cmd|' /C calc'!A0", "response": "@SUM(1+1)", "ref": "+FOI 1"})
        + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    assert run(capsys, "import", corpus, "--store", store)[0] == 0
    out_file = tmp_path / "out.csv"
    assert run(capsys, "export", "--format", "csv", "-o", out_file, "--store", store)[0] == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert rows[0]["ref"] == "'+FOI 1"
    assert rows[0]["question_text"].startswith("'=cmd")
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md"])
def test_export_formats(seeded: Path, capsys, fmt: str) -> None:
    code, out, _ = run(capsys, "export", "--format", fmt, "--store", seeded)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)[0]["questions"][0]["answer"] == "No"
    elif fmt == "jsonl":
        assert json.loads(out.splitlines()[0])["id"] == "1"
    else:
        assert "| 5 |" in out


def test_markdown_export_keeps_each_question_on_one_table_row(tmp_path: Path, capsys) -> None:
    # An answer of two paragraphs, a "|" and markup in the text: each would break the table
    # (or be run as HTML by a Markdown renderer) if written as it is.
    corpus = tmp_path / "md.jsonl"
    record = {
        "request": "<p>1) Costs | totals?</p><p>2) Any &lt;script&gt;alert(1)&lt;/script&gt;?</p>",
        "response": "<p>1) First paragraph.</p><p>Second paragraph.</p><p>2) None.</p>",
    }
    corpus.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert run(capsys, "--store", store, "import", corpus)[0] == 0
    code, out, _ = run(capsys, "--store", store, "export", "--format", "md")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| ") and "Question" not in line]
    assert len(rows) == 2
    assert "First paragraph.<br><br>Second paragraph." in rows[0]
    assert "Costs \\| totals?" in rows[0]
    assert "&lt;script>alert(1)&lt;/script>" in rows[1]
    assert "<script>" not in out


def test_stats_json(seeded: Path, capsys) -> None:
    stats = json.loads(run(capsys, "stats", "--json", "--store", seeded)[1])
    assert stats["requests"] == 1
    assert sum(stats["by_outcome"].values()) == 5


def test_check_and_restore(seeded: Path, capsys) -> None:
    assert run(capsys, "check", "--store", seeded)[0] == 0
    from foitui.store.backup import make_backup

    make_backup(seeded)
    (seeded / "index.json").write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "list", "--store", seeded)
    assert code == 1
    assert "index.json is unreadable" in err and err.count("\n") == 1
    assert run(capsys, "check", "--store", seeded)[0] == 1
    code, out, _ = run(capsys, "restore", "--store", seeded)
    assert code == 0
    # What came back from which backup, what it holds, what is lost, and where the damage went.
    assert re.fullmatch(
        r"brought back index.json from the backup of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC; "
        r"1 request in \S+; no change was lost; "
        r"the damaged files are kept in \S+/damaged/\d{8}T\d+Z\n",
        out,
    ), out
    assert run(capsys, "restore", "--store", seeded)[1].endswith("is healthy: nothing to restore\n")
    assert run(capsys, "list", "--json", "--store", seeded)[0] == 0


def test_sample_corpus_imports_cleanly(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "import", SAMPLE, "--store", tmp_path / "s")
    assert code == 0, err
    imported = int(out.split()[1].rstrip(","))
    assert imported >= 31


def test_sample_corpus_is_package_data_so_wheels_carry_it() -> None:
    # `foitui demo` reads it from the installed package: outside the package (or outside
    # pyproject's package-data globs) a wheel leaves it behind.
    import tomllib

    import foitui
    from foitui.commands import sample_corpus

    package = Path(foitui.__file__).resolve().parent
    path = sample_corpus()
    assert path.is_relative_to(package)
    config = tomllib.loads((package.parent / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["foitui"]
    assert any(path.relative_to(package).match(glob) for glob in globs)


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FOITUI_STORE": "/nonexistent"},
    )


def test_help_and_version_do_not_import_textual_or_pydantic() -> None:
    probe = (
        "import sys\nfrom foitui.cli import main\n"
        "for args in (['--version'], ['--help'], ['due', '--help']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "print([m for m in ('textual', 'pydantic', 'tinydb') if m in sys.modules])"
    )
    assert _python(probe).stdout.strip().splitlines()[-1] == "[]"


def test_headless_commands_do_not_import_textual(seeded: Path) -> None:
    probe = (
        "import sys\nfrom foitui.cli import main\n"
        f"main(['list', '--store', {str(seeded)!r}])\n"
        "print('textual' in sys.modules)"
    )
    assert _python(probe).stdout.strip().splitlines()[-1] == "False"


def test_list_json_is_one_object_per_line_whatever_the_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`list --json` puts each record on a line of its own by splitting between objects;
    a title holding the text that separates them must not split."""
    store = tmp_path / "store"
    assert run(capsys, "import", SAMPLE, "--store", store)[0] == 0
    tricky = 'Costs }, {"id": "9"} and "quotes"'
    assert run(capsys, "set", "1", "--title", tricky, "--store", store)[0] == 0
    code, out, _ = run(capsys, "list", "--json", "--sort", "id", "--store", store)
    assert code == 0
    records = json.loads(out)
    assert records[0]["title"] == tricky
    lines = out.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(records) + 2
    assert [json.loads(line.strip().rstrip(","))["id"] for line in lines[1:-1]] == [
        r["id"] for r in records
    ]


def test_list_json_is_the_json_of_each_summary(tmp_path: Path, capsys) -> None:
    """list --json writes its records row by row; it must say what json.dumps would of the
    record JSON without the long texts (CONTRACT.md)."""
    from foitui import views
    from foitui.store import Store

    store_dir = tmp_path / "store"
    assert run(capsys, "import", SAMPLE, "--store", store_dir)[0] == 0
    hostile = 'Back\\slash "quoted" \x07 bell, tab\t, café, 🚲, </script>'
    assert run(capsys, "set", "2", "--title", hostile, "--store", store_dir)[0] == 0
    assert run(capsys, "set", "3", "--responded", "2026-10-01", "--store", store_dir)[0] == 0
    rows = Store.open(store_dir).summaries()
    assert rows[2].responded == date(2026, 10, 1)
    rows.append(rows[0]._replace(id="999", ref=None, authority=None, received=None, due=None))
    today = date(2026, 12, 4)
    expected = [
        {
            "id": row.id,
            "ref": row.ref,
            "title": row.title,
            "authority": row.authority,
            "law": row.law.value,
            "received": row.received.isoformat() if row.received else None,
            "due": row.due.isoformat() if row.due else None,
            "responded": row.responded.isoformat() if row.responded else None,
            "status": row.status.value,
            "questions": row.questions,
            "decided": row.decided,
            "pending": row.questions - row.decided,
            "links": row.links,
            "check_split": bool(row.check),
            "overdue": views.is_overdue(row, today),
            "days_left": views.days_left(row, today),
            "assignee": row.assignee,
            "clearance": None,
        }
        for row in rows
    ]
    assert json.loads(views.list_json(rows, today)) == json.loads(json.dumps(expected))
    # Counted by hand on Friday 4 Dec 2026 (FOIA s.10(1); working days exclude bank holidays
    # in any part of the UK, so St Andrew's Day, Monday 30 Nov 2026, does not count):
    # request 5, due Thu 17 Dec: 7-11 and 14-17 Dec, 9 working days left;
    # request 4, due Mon 19 Oct: 20 Oct to 4 Dec is 34 weekdays less St Andrew's Day, 33 late.
    by_id = {row.id: row for row in rows}
    shown = json.loads(views.list_json([by_id["5"], by_id["4"]], date(2026, 12, 4)))
    assert [(r["overdue"], r["days_left"]) for r in shown] == [(False, 9), (True, -33)]
    assert json.loads(views.list_json([by_id["1"]], date(2026, 12, 4)))[0]["days_left"] is None
    assert views.list_json([]) == "[]"
    code, out, _ = run(capsys, "list", "--json", "--sort", "id", "--store", store_dir)
    assert code == 0
    assert json.loads(out)[1]["title"] == " ".join(hostile.split())


def test_set_with_one_bad_value_changes_nothing(seeded: Path, capsys) -> None:
    # `set 1 --status refused --received 2026-02-31` used to save the status, then fail on
    # the date: a failed command had changed the request.
    before = json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1])
    code, out, err = run(
        capsys, "set", "1", "--status", "refused", "--received", "2026-02-31", "--store", seeded
    )
    assert (code, out) == (2, "")
    assert err == "foitui: error: --received: '2026-02-31' is not a date (use YYYY-MM-DD)\n"
    assert json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1]) == before
    # A date is read as `due` and `import` read it (UK day first too).
    code, out, _ = run(capsys, "set", "1", "--received", "01/10/2026", "--store", seeded)
    assert (code, out) == (0, "updated 1: received=2026-10-01\n")


def test_stop_ending_before_it_starts_changes_nothing(seeded: Path, capsys) -> None:
    # `stop --start D2 --end D1` used to save the stop, then fail on its end: the clock was
    # left stopped by a command that reported an error.
    args = ("stop", "1", "--kind", "fees", "--start", "2026-10-20", "--end", "2026-10-19")
    code, out, err = run(capsys, *args, "--store", seeded)
    assert (code, out) == (2, "")
    assert err == "foitui: error: --end 2026-10-19 is before --start 2026-10-20\n"
    assert json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1])["stops"] == []


@pytest.mark.parametrize("hours", ["-3", "nan", "inf"])
def test_mark_refuses_hours_that_are_not_an_estimate(seeded: Path, capsys, hours: str) -> None:
    # `--hours inf` was saved, and `show --json` then printed `"hours": Infinity`, which no
    # JSON reader but Python's accepts; `--hours -3` lowered the s.12 total.
    code, out, err = run(
        capsys, "mark", "1", "1", "--outcome", "refused", "--hours", hours, "--store", seeded
    )
    assert (code, out) == (2, "")
    assert err.startswith("foitui: error: --hours ") and err.count("\n") == 1
    shown = run(capsys, "show", "1", "--json", "--store", seeded)[1]
    assert json.loads(shown, parse_constant=pytest.fail)["questions"][0]["hours"] is None
    assert (
        run(capsys, "mark", "1", "1", "--outcome", "refused", "--hours", "2.5", "--store", seeded)[
            0
        ]
        == 0
    )


@pytest.mark.parametrize("command", [("similar", "1"), ("precedent", "1", "1")])
@pytest.mark.parametrize("limit", ["0", "-1"])
def test_a_limit_below_one_is_a_usage_error(
    seeded: Path, capsys, command: tuple[str, ...], limit: str
) -> None:
    # `precedent 1 1 --limit -1` printed every precedent but the last (a slice from the end);
    # `similar 1 --limit -2` printed nothing and succeeded.
    code, out, err = run(capsys, *command, "--limit", limit, "--json", "--store", seeded)
    assert (code, out, err) == (2, "", "foitui: error: --limit must be at least 1\n")


def test_export_and_show_json_keep_the_response_date_and_cost_body(seeded: Path, capsys) -> None:
    # `set --responded` (the on-time rate's input) and `set --body` were in no output at all:
    # `export` ("everything, triage state included") and `show --json` dropped them.
    args = ("set", "1", "--responded", "2026-11-20", "--body", "central", "--store", seeded)
    assert run(capsys, *args)[0] == 0
    shown = json.loads(run(capsys, "show", "1", "--json", "--store", seeded)[1])
    assert (shown["responded"], shown["body"]) == ("2026-11-20", "central")
    for fmt in ("json", "jsonl"):
        _code, out, _ = run(capsys, "export", "--format", fmt, "--store", seeded)
        record = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
        assert record == shown
    parsed = json.loads(run(capsys, "parse", SEED)[1])[0]
    assert (parsed["responded"], parsed["body"]) == (None, None)


def test_show_says_why_the_due_date_moved_or_is_missing(seeded: Path, capsys) -> None:
    # After `stop` the due date vanished from `show` with no word why, and stops and
    # extensions were in no text output: an officer saw an open request with no deadline.
    assert run(capsys, "set", "1", "--received", "2026-11-02", "--store", seeded)[0] == 0
    stop = ("stop", "1", "--kind", "clarification", "--store", seeded)
    assert run(capsys, *stop, "--start", "2026-11-04")[0] == 0
    meta = run(capsys, "show", "1", "--store", seeded)[1].splitlines()[1:3]
    assert "due: none while the clock is stopped" in meta[0]
    assert meta[1] == "clock: clarification sought 2026-11-04, not received yet"
    assert run(capsys, *stop, "--end", "2026-11-09")[0] == 0
    extend = ("extend", "1", "--days", "5", "--reason", "pit", "--store", seeded)
    assert run(capsys, *extend)[0] == 0
    meta = run(capsys, "show", "1", "--store", seeded)[1].splitlines()[1:3]
    # Day 1 is 10 Nov; 30 Nov (St Andrew's Day) is not a working day: 20 days end 8 Dec,
    # and 5 more end 15 Dec.
    assert "due: 2026-12-15" in meta[0]
    assert meta[1] == (
        "clock: clarification sought 2026-11-04, received 2026-11-09; extended by 5 working days"
    )


def test_set_refuses_a_law_its_extension_does_not_exist_in(tmp_path: Path, capsys) -> None:
    # `set --law foisa` on an EIR request extended to 40 days kept the extension: show said
    # FOISA, due 40 working days out, though FOISA has no extension.
    corpus = tmp_path / "e.jsonl"
    corpus.write_text(
        json.dumps({"ref": "E1", "request": "1) Air?", "received": "2026-10-01", "law": "eir"})
        + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert run(capsys, "import", corpus, "--store", store)[0] == 0
    assert run(capsys, "extend", "E1", "--days", "20", "--reason", "eir", "--store", store)[0] == 0
    code, out, err = run(capsys, "set", "E1", "--law", "foisa", "--store", store)
    assert (code, out) == (1, "")
    assert err == (
        "foitui: error: request 1 has a 20-day extension under eir; remove it first "
        "(foitui extend 1 --days 0 --reason eir)\n"
    )
    shown = json.loads(run(capsys, "show", "E1", "--json", "--store", store)[1])
    assert (shown["law"], shown["due"]) == ("eir", "2026-11-26")


def test_set_refuses_a_response_date_before_receipt(seeded: Path, capsys) -> None:
    # A typo'd year (`--responded 2020-...`) counted as on time and gave a median of -1,700
    # working days in `stats`.
    assert run(capsys, "set", "1", "--received", "2026-10-01", "--store", seeded)[0] == 0
    code, out, err = run(capsys, "set", "1", "--responded", "2020-10-20", "--store", seeded)
    assert (code, out) == (1, "")
    assert err == "foitui: error: request 1: responded 2020-10-20 is before received 2026-10-01\n"
    assert run(capsys, "set", "1", "--responded", "2026-10-20", "--store", seeded)[0] == 0
    code, _, err = run(capsys, "set", "1", "--received", "2026-10-21", "--store", seeded)
    assert code == 1 and "responded 2026-10-20 is before received 2026-10-21" in err
    stats = json.loads(run(capsys, "stats", "--json", "--store", seeded)[1])
    assert (stats["responded"], stats["on_time"]) == (1, 1)


def test_a_link_to_a_number_not_in_the_store_breaks_no_command(seeded: Path, capsys) -> None:
    # `link 1 999` keeps 999 as an external case, but the record marks it as a request: then
    # show, hints, chain and precedent all failed with "no request with id '999'".
    assert run(capsys, "link", "1", "999", "--kind", "aggregate", "--store", seeded)[0] == 0
    assert (
        run(capsys, "mark", "1", "1", "--outcome", "answered", "--hours", "2", "--store", seeded)[0]
        == 0
    )
    for command in (("show", "1"), ("hints", "1"), ("precedent", "1", "1"), ("chain", "1")):
        code, _out, err = run(capsys, *command, "--store", seeded)
        assert (code, err) == (0, ""), command
    found = json.loads(run(capsys, "chain", "1", "--json", "--store", seeded)[1])
    assert ("999", True) in [(e["ref"], e["external"]) for e in found["entries"] if not e["id"]]


def test_due_on_a_far_date_answers_at_once(capsys) -> None:
    # `foitui due 9999-06-01` took 50-75 s (the days left from today were counted over a table
    # widened year by year to 9999).
    started = time.perf_counter()
    code, out, err = run(capsys, "due", "9999-06-01")
    assert (code, err) == (0, "")
    assert out.startswith("9999-06-29  (20 working days after 9999-06-01, foi; ")
    assert time.perf_counter() - started < 2.0


def test_due_outside_the_calendar_is_a_plain_usage_error(capsys) -> None:
    # It was reported as "unexpected CalendarRangeError ... (run with --debug)", like a bug.
    code, out, err = run(capsys, "due", "9999-12-20")
    assert (code, out) == (2, "")
    assert err == ("foitui: error: 20 working days from 9999-12-20 is outside the calendar\n")


def test_a_received_date_with_no_due_date_in_the_calendar_is_refused(
    seeded: Path, tmp_path: Path, capsys
) -> None:
    # `set 1 --received 9999-12-30` was saved, and then `list` and `show` failed for the whole
    # store ("unexpected CalendarRangeError"); `parse` failed the same way on such a record.
    code, out, err = run(capsys, "set", "1", "--received", "9999-12-30", "--store", seeded)
    assert (code, out) == (2, "")
    assert (
        err
        == "foitui: error: --received: 20 working days from 9999-12-30 is outside the calendar\n"
    )
    assert run(capsys, "list", "--store", seeded)[0] == 0
    far = tmp_path / "far.jsonl"
    far.write_text('{"request": "1) A?", "received": "9999-12-30"}\n', encoding="utf-8")
    code, out, err = run(capsys, "parse", far)
    assert (code, json.loads(out)) == (1, [])
    assert (
        err == f"foitui: error: {far}:1: 20 working days from 9999-12-30 is outside the calendar\n"
    )


# --- nothing written where it should not be (issue 15) -------------------------------------------


def test_export_writes_only_regular_files(seeded: Path, tmp_path: Path, capsys) -> None:
    # `export -o` to a FIFO or device replaced it with a regular file holding every request
    # (as root against /dev/null, handing every request to whoever reads it).
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link):
        code, out, err = run(capsys, "export", "-o", target, "--store", seeded)
        assert (code, out) == (1, "")
        assert "not a regular file (a device, FIFO or socket)" in err and err.count("\n") == 1
        assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_replaces_a_file_only_with_force(seeded: Path, tmp_path: Path, capsys) -> None:
    existing = tmp_path / "old.json"
    existing.write_text("keep me")
    code, _, err = run(capsys, "export", "-o", existing, "--store", seeded)
    assert code == 1 and "already exists; nothing exported (--force replaces it)" in err
    assert existing.read_text() == "keep me"
    assert run(capsys, "export", "-o", existing, "--force", "--store", seeded)[0] == 0
    assert json.loads(existing.read_text())[0]["id"] == "1"


def test_import_reads_only_regular_files_or_standard_input(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # `import /dev/zero` read until memory ran out (a device's size reads 0); a FIFO blocked.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for source in ("/dev/zero", fifo):
        code, out, err = run(capsys, "import", source, "--store", tmp_path / "s")
        assert code == 1
        assert f"{source}: not a regular file (a device, FIFO or socket)" in err, err
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes()), encoding="utf-8")
    )
    code, out, err = run(capsys, "import", "-", "--store", tmp_path / "s")
    assert (code, err) == (0, "")
    assert out.startswith("imported 1,")


def test_the_store_never_follows_a_symbolic_link(seeded: Path, tmp_path: Path, capsys) -> None:
    # With journal.jsonl a symlink, notes were appended to the file outside (mode 0644 kept);
    # with triage/ a symlinked folder, shards were written there.
    assert run(capsys, "mark", "1", "1", "--outcome", "answered", "--store", seeded)[0] == 0
    outside = tmp_path / "outside.jsonl"
    outside.write_text("")
    journal = seeded / "journal.jsonl"
    journal.unlink()
    journal.symlink_to(outside)
    code, _, err = run(
        capsys, "mark", "1", "1", "--outcome", "refused", "--note", "secret", "--store", seeded
    )
    assert code == 1 and "journal.jsonl is a symbolic link" in err
    assert outside.read_text() == ""
    assert run(capsys, "check", "--store", seeded)[2].count("is a symbolic link") == 1
    journal.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (seeded / "triage").rename(elsewhere / "triage")
    (seeded / "triage").symlink_to(elsewhere / "triage")
    code, _, err = run(
        capsys, "mark", "1", "1", "--outcome", "refused", "--note", "secret", "--store", seeded
    )
    assert code == 1 and "triage is a symbolic link" in err
    assert "secret" not in (elsewhere / "triage" / "0000.json").read_text()


def test_a_world_writable_store_is_refused(seeded: Path, capsys) -> None:
    seeded.chmod(0o777)
    try:
        code, _, err = run(capsys, "mark", "1", "1", "--outcome", "refused", "--store", seeded)
        assert code == 1 and "is writable by everyone" in err
        code, _, err = run(capsys, "check", "--store", seeded)
        assert code == 1 and "is writable by everyone" in err
    finally:
        seeded.chmod(0o700)


# --- nothing reaches the terminal that should not (issue 15) --------------------------------------


def test_history_never_prints_escapes_from_a_user_name(seeded: Path, capsys, monkeypatch) -> None:
    # `LOGNAME=$'\e]0;PWNED\a\e[2J' foitui mark ...` then `foitui history` sent those escapes
    # to every colleague who read the history. The name now comes from the user id (a passwd
    # or directory entry, which can hold anything as well).
    import foitui.store.store

    name = "\x1b]0;PWNED\x07\x1b[2Jmallory\x9b31m"
    monkeypatch.setattr(foitui.store.store, "current_user", lambda: name)
    assert run(capsys, "mark", "1", "1", "--outcome", "refused", "--store", seeded)[0] == 0
    monkeypatch.undo()
    code, out, _ = run(capsys, "history", "--store", seeded)
    assert code == 0 and "mallory" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), repr(out)
    # ... and the JSON keeps the name exactly, with its controls escaped.
    out = run(capsys, "history", "--json", "--store", seeded)[1]
    assert "\x1b" not in out and "\x9b" not in out
    assert json.loads(out)[-1]["user"] == "\x1b]0;PWNED\x07\x1b[2Jmallory\x9b31m"


def test_json_output_escapes_c1_controls_and_bidi_overrides(tmp_path: Path, capsys) -> None:
    # xterm acts on C1 controls (U+009B is CSI); bidi overrides reorder what is shown.
    title = "Parking \x9b2J fines \u202egnikrap\u202c \u2066x\u2069"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"request": "1) How many?", "title": title}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    assert run(capsys, "import", corpus, "--store", store)[0] == 0
    outputs = {
        "list": run(capsys, "list", "--json", "--store", store)[1],
        "show": run(capsys, "show", "1", "--json", "--store", store)[1],
        "parse": run(capsys, "parse", corpus)[1],
        "export": run(capsys, "export", "--store", store)[1],
        "jsonl": run(capsys, "export", "--format", "jsonl", "--store", store)[1],
    }
    for name, out in outputs.items():
        assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069]", out), name
        assert "\\u009b" in out and "\\u202e" in out, name
        data = json.loads(out.splitlines()[0] if name == "jsonl" else out)
        record = data if isinstance(data, dict) else data[0]
        assert record["title"] == title, name  # the same JSON: nothing lost


def test_import_names_rows_read_not_plainly_and_refuses_bad_ones(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REQUEST\tRESPONSE\n<p>1) Costs\tfor 2024?</p>\t<p>1) £4</p>\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "import", corpus, "--store", tmp_path / "s")
    assert (code, out) == (0, "imported 1, skipped 0 duplicates, 0 errors\n")
    assert err == (
        f"foitui: warning: {corpus}:2: 2 cells read as the REQUEST cell: the tabs inside it "
        "are kept as text\n"
    )
    bad = tmp_path / "bad.tsv"
    bad.write_text("REQUEST\tRESPONSE\n<p>1) No tab?</p>\n<p>1) A?</p>\t<p>B</p>\n")
    code, out, err = run(capsys, "import", bad, "--store", tmp_path / "s")
    assert code == 1 and out.startswith("imported 0,")
    assert f"{bad}:2: 1 cell but the header names 2 columns" in err


def test_mark_a_note_alone_keeps_the_outcome(seeded: Path, capsys) -> None:
    # docs/contract.md: `mark` without --outcome keeps the outcome (a note alone is fine).
    assert run(capsys, "mark", "1", "1", "--outcome", "refused", "--store", seeded)[0] == 0
    code, out, _ = run(capsys, "mark", "1", "1", "--note", "checked", "--store", seeded)
    assert code == 0 and out.strip().endswith(": refused")
    assert run(capsys, "mark", "1", "1", "--store", seeded)[0] == 2


def test_status_takes_the_words_people_see(seeded: Path, capsys) -> None:
    from foitui.cli import status_word
    from foitui.wording import STATUS_SYNONYMS, STATUS_WORD

    # Every word the app shows for a status is accepted for it, and the script words too.
    for status, word in [*STATUS_WORD.items(), *((s, w) for w, s in STATUS_SYNONYMS.items())]:
        assert status_word(word) == status.value
        assert status_word(status.value) == status.value
    code, out, _ = run(capsys, "list", "--status", "partial", "--store", seeded)
    assert " partial " in out and "partially_successful" not in out
    assert code == 0
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "list", "--status", "nonsense", "--store", seeded)
    assert exit_.value.code == 2
