"""Reading corpus files: the real TSV format, CSV, JSON Lines, JSON, and bad input."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from foitui.errors import ImportFormatError
from foitui.importing import fingerprint, parse_date, read_records
from tests.conftest import SEED


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_seed_tsv_blank_lines_continuation_and_end_mark() -> None:
    records, errors = read_records(SEED)
    assert errors == []
    assert len(records) == 1
    (record,) = records
    assert record.line == 4  # two blank lines, then the header on line 3
    assert record.record == 1
    assert record.fields["request"].startswith("<p>This is a new information request")
    response = record.fields["response"]
    assert response.startswith('<ol style="list-style-type: none">')
    # The continuation line (first cell empty) is joined to RESPONSE with a newline.
    assert "</ol>\n<p>Please note that in our last response" in response
    assert "--" not in response.splitlines()[-1][:2]


def test_tsv_columns_any_case_any_order_and_extra(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.tsv",
        "Response\tREF\tnotes\trequest\n<p>No</p>\tFOI 1\tx\t<p>1) Is it?</p>\n--\t--\nignored\n",
    )
    (record,) = read_records(path)[0]
    assert record.fields["request"] == "<p>1) Is it?</p>"
    assert record.fields["response"] == "<p>No</p>"
    assert record.fields["ref"] == "FOI 1"


def test_tsv_stray_tab_is_kept_in_the_cell_that_it_belongs_to(tmp_path: Path) -> None:
    request = "<p>1) Costs\tfor 2024?</p>"
    path = write(tmp_path, "s.tsv", f"REQUEST\tRESPONSE\n{request}\t<p>1) £4</p>\n")
    (record,) = read_records(path)[0]
    assert record.fields["request"] == request
    assert record.fields["response"] == "<p>1) £4</p>"
    path = write(tmp_path, "t.tsv", "REQUEST\tRESPONSE\n<p>Q</p>\t<p>A\tB</p>\n")
    (record,) = read_records(path)[0]
    assert record.fields["response"] == "<p>A\tB</p>"


def test_a_tsv_row_that_does_not_fit_its_header_is_a_bad_row(tmp_path: Path) -> None:
    # A line with no tab in a two-column TSV was imported as a request, and a four-cell row
    # in a two-column file without comment: the README says a bad record imports nothing.
    path = write(
        tmp_path,
        "bad.tsv",
        "REQUEST\tRESPONSE\n"
        "<p>1) No tab at all?</p>\n"
        "\t<p>its continuation is part of the bad row</p>\n"
        "<p>Q</p>\tA\tB\tC\n"
        "<p>1) Fine?</p>\t<p>Yes.</p>\n"
        "<p>1) Costs\tfor 2024?</p>\t<p>1) £4</p>\n",
    )
    warnings: list = []
    records, errors = read_records(path, warnings=warnings)
    assert [str(e) for e in errors] == [
        f"{path}:2: 1 cell but the header names 2 columns",
        f"{path}:4: 4 cells but the header names 2 columns; a tab inside a cell is kept only "
        "in HTML whose tags pair up",
    ]
    assert [r.fields["request"] for r in records] == [
        "<p>1) Fine?</p>",
        "<p>1) Costs\tfor 2024?</p>",
    ]
    # The row read with its stray tab kept is named, with its line.
    assert [str(w) for w in warnings] == [
        f"{path}:6: 2 cells read as the REQUEST cell: the tabs inside it are kept as text"
    ]


def test_tsv_continuation_before_any_record_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "x.tsv", "REQUEST\tRESPONSE\n\t<p>orphan</p>\n<p>Q</p>\t<p>A</p>\n")
    records, errors = read_records(path)
    assert len(records) == 1
    assert errors[0].line == 2
    assert "continuation" in errors[0].message


def test_tsv_without_header_columns_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "h.tsv", "QUESTION\tANSWER\nx\ty\n")
    with pytest.raises(ImportFormatError, match="no REQUEST or RESPONSE"):
        read_records(path)


def test_csv_with_quoted_multiline_cells_keeps_start_lines(tmp_path: Path) -> None:
    text = 'ref,request,response\nFOI 1,"<p>1) A?\n2) B?</p>","<p>1) yes</p>"\nFOI 2,"<p>x</p>",\n'
    records, errors = read_records(write(tmp_path, "c.csv", text))
    assert errors == []
    assert [r.line for r in records] == [2, 4]
    assert records[0].fields["request"] == "<p>1) A?\n2) B?</p>"
    assert records[1].fields["response"] == ""


def test_csv_quote_left_open_is_a_bad_row_not_one_giant_cell(tmp_path: Path) -> None:
    # A stray opening quote used to swallow every later record into record A's REQUEST: the
    # import said "imported 1" and exited 0. Text glued after a closing quote was kept too.
    path = write(
        tmp_path,
        "q.csv",
        'REF,REQUEST,RESPONSE\nA,"<p>a</p>"x,b\nB,<p>c</p>,d\nC,"<p>e</p>,f\nD,<p>g</p>,h\n',
    )
    records, errors = read_records(path)
    assert [r.fields["ref"] for r in records] == ["B"]
    assert [str(e) for e in errors] == [
        f"{path}:2: broken CSV: ',' expected after '\"'",
        f"{path}:4: broken CSV: a quoted cell is not closed before the end of the file",
    ]
    with pytest.raises(ImportFormatError, match=r"q2\.csv:1: broken CSV header"):
        read_records(write(tmp_path, "q2.csv", '"REQUEST,RESPONSE\nx,y\n'))


def test_header_error_shows_control_characters_escaped(tmp_path: Path) -> None:
    # The "no REQUEST column" error quoted the header cells raw: an escape sequence in a
    # corpus file reached the terminal through stderr.
    path = write(tmp_path, "h.tsv", "REQ\x1b[31mUEST\tRESP\x1b]0;x\x07\n<p>a</p>\tb\n")
    with pytest.raises(ImportFormatError) as caught:
        read_records(path)
    assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
    assert str(caught.value).endswith("(the first line names no column: it must be the header row)")


def test_header_error_shows_only_what_helps(tmp_path: Path) -> None:
    # The error quoted the file's first line whatever it was: a record's text, someone's
    # address, a megabyte of HTML. Now it names the cells that look like column names.
    path = write(
        tmp_path,
        "h.tsv",
        "REF\tTITLE\tREQUST\t<p>Dear Sir, I live at 1 Acacia Road</p>\tjo@example.com\n",
    )
    with pytest.raises(ImportFormatError) as caught:
        read_records(path)
    message = str(caught.value)
    assert message.endswith(
        "(found: REF, TITLE, REQUST, and 2 cells that are not a column name)"
    ), message
    assert "Acacia" not in message and "example.com" not in message


def test_csv_huge_cell(tmp_path: Path) -> None:
    big = "x" * 1_000_000
    records, _ = read_records(write(tmp_path, "b.csv", f"request,response\n{big},\n"))
    assert len(records[0].fields["request"]) == 1_000_000


def test_jsonl_case_insensitive_keys_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"Request": "<p>Q</p>", "RESPONSE": None, "ref": 11726}),
        "{broken",
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"request": "<p>Q2</p>"}),
    ]
    records, errors = read_records(write(tmp_path, "r.jsonl", "\n".join(lines)))
    assert [r.line for r in records] == [1, 5]
    assert records[0].fields == {"request": "<p>Q</p>", "response": "", "ref": "11726"}
    assert [e.line for e in errors] == [2, 3]


def test_json_array_records_know_their_lines(tmp_path: Path) -> None:
    text = '[\n  {"request": "a", "response": "b"},\n\n  {"REQUEST": "c"}\n]\n'
    records, errors = read_records(write(tmp_path, "r.json", text))
    assert errors == []
    assert [(r.line, r.record) for r in records] == [(2, 1), (4, 2)]


def test_json_that_is_not_an_array_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="array"):
        read_records(write(tmp_path, "o.json", '{"request": "x"}'))


def test_binary_and_non_utf8_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="binary"):
        read_records(write(tmp_path, "b.tsv", b"\x89PNG\r\n\x1a\n\x00\x00"))
    with pytest.raises(ImportFormatError, match="UTF-8 \\(line 2"):
        read_records(write(tmp_path, "l.tsv", b"REQUEST\tRESPONSE\n\xff\xfe\tx\n"))


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="no such file"):
        read_records(tmp_path / "missing.tsv")
    with pytest.raises(ImportFormatError, match="empty"):
        read_records(write(tmp_path, "e.tsv", "\n\n"))


def test_format_detection_by_content(tmp_path: Path) -> None:
    records, _ = read_records(write(tmp_path, "noext", '[{"request": "x"}]'))
    assert records[0].fields["request"] == "x"
    records, _ = read_records(write(tmp_path, "noext2", "REQUEST\tRESPONSE\nq\ta\n"))
    assert records[0].fields["response"] == "a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-17", "2026-03-17"),
        ("17/03/2026", "2026-03-17"),
        ("17 March 2026", "2026-03-17"),
        ("2026-03-17T09:30:00", "2026-03-17"),
    ],
)
def test_parse_date_uk_forms(text: str, expected: str) -> None:
    assert parse_date(text).isoformat() == expected


def test_parse_date_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next Tuesday")


def test_fingerprint_ignores_surrounding_space_but_not_content() -> None:
    from foitui.importing import RawRecord

    a = RawRecord("f", 1, 1, {"request": "<p>Q</p> ", "response": "A"})
    b = RawRecord("g", 9, 3, {"request": "<p>Q</p>", "response": "A"})
    c = RawRecord("f", 1, 1, {"request": "<p>Q</p>", "response": "B"})
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)


def _corpus_lines(count: int) -> list[str]:
    lines = ["REF\tREQUEST\tRESPONSE"]
    for n in range(1, count + 1):
        request = "" if n == 7 else f"<p>1) How many potholes in ward {n}?</p>"
        lines.append(f"FOI {n}\t{request}\t<p>1) {n * 3} potholes.</p>")
        if n == 12:
            lines.append("\tthe response of FOI 12 goes on")
    return lines


def test_big_files_are_parsed_on_every_core_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files of PARALLEL_FROM records or more go to worker processes in chunks, while the
    # rest of the file is still being read: results and errors must come back as a single
    # process gives them.
    from foitui import importing

    path = write(tmp_path, "big.tsv", "\n".join(_corpus_lines(23)) + "\n")
    alone, alone_errors = importing.prepare_file(path)
    monkeypatch.setattr(importing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(importing, "_CHUNK", 3)
    shared, shared_errors = importing.prepare_file(path)
    assert shared == alone
    assert shared_errors == alone_errors
    assert [r for r in shared if isinstance(r, str)] == [f"{path}:8: the REQUEST cell is empty"]
    rows = [r.row for r in shared if not isinstance(r, str)]
    assert [row.ref for row in rows] == [f"FOI {n}" for n in range(1, 24) if n != 7]


def test_a_big_import_reports_how_it_is_getting_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui import importing
    from foitui.store import Store

    path = write(tmp_path, "big.tsv", "\n".join(_corpus_lines(23)) + "\n")
    monkeypatch.setattr(importing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(importing, "_CHUNK", 3)
    counts: list[int] = []
    importing.prepare_file(path, progress=counts.append)
    assert counts == sorted(counts) and counts[-1] == 23 and len(counts) == 8
    monkeypatch.setattr(importing, "REPORT_SECONDS", 0)
    lines: list[str] = []
    imported, _, _ = importing.load_corpus(
        Store.open(tmp_path / "s"), [path], fmt="auto", skip_bad=True, report=lines.append
    )
    assert imported == 22
    assert lines[0].endswith(" records parsed from big.tsv")
    # The bad record (line 8, no REQUEST) is refused by the first pass: never parsed.
    assert lines[-2] == "22 records parsed from big.tsv"
    assert lines[-1] == "writing 22 requests to the store"


def test_import_progress_is_for_terminals_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script reading `foitui import`'s stderr (not a terminal) sees errors only."""
    from foitui import importing
    from foitui.cli import main

    path = write(tmp_path, "big.tsv", "\n".join(_corpus_lines(23)) + "\n")
    monkeypatch.setattr(importing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(importing, "REPORT_SECONDS", 0)
    assert main(["--store", str(tmp_path / "s"), "import", str(path), "--skip-bad"]) == 0
    out, err = capsys.readouterr()
    assert out == "imported 22, skipped 0 duplicates, 1 errors\n"
    assert err == f"foitui: error: {path}:8: the REQUEST cell is empty\n"


def test_a_small_import_reports_nothing(tmp_path: Path) -> None:
    from foitui import importing
    from foitui.store import Store

    path = write(tmp_path, "small.tsv", "\n".join(_corpus_lines(3)) + "\n")
    lines: list[str] = []
    importing.load_corpus(
        Store.open(tmp_path / "s"), [path], fmt="auto", skip_bad=False, report=lines.append
    )
    assert lines == []


#: The file each call of `_slow_chunk` appends to (set before the pool forks its workers).
_CALLS = ""


def _slow_chunk(records: list) -> list:
    with open(_CALLS, "a", encoding="utf-8") as calls:
        calls.write("x")
    time.sleep(0.05)
    return list(records)


def test_chunks_not_started_when_reading_fails_are_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file found damaged (or ^C) stops the workers; they used to parse every chunk left."""
    from foitui import importing
    from foitui.importing import RawRecord

    monkeypatch.setattr(importing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(importing, "_CHUNK", 1)
    calls = tmp_path / "calls"
    calls.write_text("")
    monkeypatch.setattr(sys.modules[__name__], "_CALLS", str(calls))

    parsed_when_damaged = 0

    def records():
        nonlocal parsed_when_damaged
        for n in range(1, 41):
            yield RawRecord("f.tsv", n, n, {"request": "x"})
        parsed_when_damaged = len(calls.read_text())
        raise RuntimeError("damaged")

    try:
        importing._in_chunks(_slow_chunk, records())
    except RuntimeError:
        pass  # and nothing holds the pool any more, as after a real import's error
    else:
        pytest.fail("the error was lost")
    time.sleep(1.0)  # the chunks handed out ahead (AHEAD), 0.05 s each: long enough for them all
    # Only the chunks already running then (one a worker, and the pool's one queued) finish.
    assert len(calls.read_text()) - parsed_when_damaged < importing.AHEAD // 2


def test_a_big_json_file_damaged_half_way_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui import importing

    monkeypatch.setattr(importing, "PARALLEL_FROM", 5)
    monkeypatch.setattr(importing, "_CHUNK", 3)
    records = [json.dumps({"request": f"<p>1) Question {n}?</p>"}) for n in range(12)]
    path = write(tmp_path, "cut.json", "[\n" + ",\n".join(records) + ",\n")
    with pytest.raises(ImportFormatError, match="not closed"):
        importing.prepare_file(path)
