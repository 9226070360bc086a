"""Corpus files to raw records: TSV (with continuation lines), CSV, JSON Lines and JSON.

Reading is separate from parsing: a `RawRecord` is the cells of one record with the line it
started on; `build_request` turns it into a `Request` through the pure parsers. Problems with a
single record are `RowError`s (the file can still be imported with --skip-bad); a file that is
not a corpus at all raises `ImportFormatError`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foitui.errors import ImportFormatError

if TYPE_CHECKING:
    from foitui.kinds import Law, Status
    from foitui.models import Request
    from foitui.store import Store
    from foitui.store.store import ImportResult

FORMATS = ("tsv", "csv", "jsonl", "json")
KNOWN_COLUMNS = (
    "request",
    "response",
    "ref",
    "title",
    "authority",
    "requester",
    "received",
    "law",
    "status",
    "responded",
)
TEXT_COLUMNS = ("request", "response")
END_MARK = "--\t--"
MAX_FILE_BYTES = 2 * 1024**3


@dataclass(frozen=True, slots=True)
class RawRecord:
    file: str
    line: int  # 1-based first line of the record
    record: int  # 1-based position among the file's records
    fields: dict[str, str]  # lower-case column name -> cell text


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    line: int
    message: str
    #: True for a row that was read, but not plainly (a stray tab kept as text): it imports,
    #: and its warning line names it.
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ImportStopped(Exception):
    """A big import stopped at a record only the parser could find bad, after committing the
    parts before it (`load_corpus`). Importing the file again carries on from there: the
    requests already imported are skipped as duplicates."""

    def __init__(self, errors: list[str], result: ImportResult) -> None:
        self.errors = errors
        self.imported = result.imported
        self.duplicates = result.duplicates
        first, last = result.imported[0], result.imported[-1]
        super().__init__(
            f"the import stopped at the error above; the {len(result.imported):,} requests "
            f"before it were imported (ids {first}-{last}). Fix the record and import the "
            "file again: the requests already imported are skipped as duplicates"
        )


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("tsv", "tab", "txt"):
        return "tsv"
    if suffix in ("csv",):
        return "csv"
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix == "json":
        return "json"
    head = text.lstrip()[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "jsonl"
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "tsv" if "\t" in first else "csv"


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """The file system's errors while reading `path`, as one line a user reads."""
    try:
        yield
    except FileNotFoundError as error:
        raise ImportFormatError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise ImportFormatError(f"{path}: is a directory, not a file") from error
    except OSError as error:
        raise ImportFormatError(f"{path}: cannot read ({error.strerror})") from error


def _check_file(path: Path) -> None:
    """Refuse what is not a regular file of at most MAX_FILE_BYTES (see `read_text`)."""
    with _reading(path):
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
    if not stat.S_ISREG(st.st_mode):
        raise ImportFormatError(
            f"{path}: not a regular file (a device, FIFO or socket); "
            "to import from standard input, name the file -"
        )
    if st.st_size > MAX_FILE_BYTES:
        raise ImportFormatError(f"{path}: the file is larger than 2 GB")


def _check_head(path: Path, head: bytes) -> None:
    """Refuse a binary file, or UTF-16 without its byte order mark, by its first bytes."""
    if b"\x00" in head:
        if len(head) > 3 and (
            head[1::2].count(0) > len(head) // 4 or head[::2].count(0) > len(head) // 4
        ):
            raise ImportFormatError(
                f"{path}: this looks like UTF-16 text without a byte order mark; save it as UTF-8"
            )
        raise ImportFormatError(f"{path}: this is a binary file, not a TSV, CSV or JSON corpus")


def read_text(path: Path) -> str:
    """The file's text; a binary or non-UTF-8 file is refused with the reason.

    Only a regular file is read, or standard input when `path` is ``-``; a device (whose size
    reads 0: `/dev/zero` would be read until memory ran out) or a FIFO (which may never end)
    is refused. At most MAX_FILE_BYTES are read, whatever the size said.
    """
    with _reading(path):
        if str(path) == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            _check_file(path)
            with path.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path}: the file is larger than 2 GB")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 with its byte order mark (what some Windows tools save as "Unicode"): text,
        # not a binary file.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFormatError(
                f"{path}: not valid UTF-16 (byte {error.start}); save it as UTF-8"
            ) from error
    _check_head(path, raw[:65536])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFormatError(
            f"{path}: not valid UTF-8 (line {line}, byte {error.start}); save it as UTF-8"
        ) from error


def read_records(
    path: Path, fmt: str = "auto", warnings: list[RowError] | None = None
) -> tuple[list[RawRecord], list[RowError]]:
    """All records of a corpus file, and the records that could not be read; rows read in a
    way that is not plain go to `warnings` when given."""
    errors: list[RowError] = []
    return list(_noting_errors(iter_records(path, fmt), errors, warnings)), errors


def iter_records(
    path: Path, fmt: str = "auto", text: str | None = None
) -> Iterator[RawRecord | RowError]:
    """The records of a corpus file in file order, read as they are asked for. A file that
    cannot be read at all raises ImportFormatError here; a damaged file may raise it later.

    A TSV, CSV or JSON Lines file is read a line at a time (its bytes checked first, in one
    cheap pass): memory does not grow with the file. A JSON array, a UTF-16 file and
    standard input are read whole (or come as `text`, read once by the caller).
    """
    if text is None and _streamable(path):
        head = _head_text(path)
        if fmt == "auto":
            fmt = detect_format(path, head)
        if fmt in ("tsv", "jsonl", "csv"):
            if fmt == "csv":
                return _read_csv(str(path), _csv_lines(path))
            reader = {"tsv": _read_tsv, "jsonl": _read_jsonl}[fmt]
            return reader(str(path), _text_lines(path))
    if text is None:
        text = read_text(path)
    if fmt == "auto":
        fmt = detect_format(path, text)
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return _read_json(str(path), text)
    if fmt == "csv":
        return _read_csv(str(path), io.StringIO(text, newline=""))
    reader = {"tsv": _read_tsv, "jsonl": _read_jsonl}[fmt]
    return reader(str(path), text.splitlines())


def whole_text(path: Path) -> str | None:
    """The text of a file that is not read a line at a time (standard input, UTF-16), read
    once so that an import's two passes over it see the same text; None for the others."""
    return None if _streamable(path) else read_text(path)


def _streamable(path: Path) -> bool:
    """Whether `path` is a UTF-8 file read a line at a time: its bytes are checked here,
    as `read_text` checks them, in one pass that holds a line at a time."""
    if str(path) == "-":
        return False
    _check_file(path)
    with path.open("rb") as handle:
        head = handle.read(65536)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return False  # UTF-16: read_text decodes it whole
        _check_head(path, head)
        handle.seek(0)
        offset = 0
        for line_no, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ImportFormatError(
                    f"{path}: not valid UTF-8 (line {line_no}, byte {offset + error.start}); "
                    "save it as UTF-8"
                ) from error
            offset += len(line)
            if offset > MAX_FILE_BYTES:
                raise ImportFormatError(f"{path}: the file is larger than 2 GB")
    return True


def _head_text(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(65536).decode("utf-8-sig", errors="ignore")


def _text_lines(path: Path) -> Iterator[str]:
    """The file's lines as `str.splitlines` of its whole text gives them, a line at a time
    (a line read up to its LF never splits a character or a CR LF)."""
    with path.open("rb") as handle:
        first = True
        for raw in handle:
            text = raw.decode("utf-8")
            if first:
                text, first = text.removeprefix("\ufeff"), False
            yield from text.splitlines()


def _csv_lines(path: Path) -> Iterator[str]:
    """The file's lines with their endings, as `io.StringIO(text, newline="")` gives them."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        yield from handle


def _noting_errors(
    items: Iterable[RawRecord | RowError],
    errors: list[RowError],
    warnings: list[RowError] | None = None,
) -> Iterator[RawRecord]:
    """The records of `items`, appending the rows that could not be read to `errors` and
    the warnings to `warnings`."""
    for item in items:
        if isinstance(item, RowError):
            if not item.warning:
                errors.append(item)
            elif warnings is not None:
                warnings.append(item)
        else:
            yield item


def _header(file: str, line_no: int, cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    missing = [c.upper() for c in TEXT_COLUMNS if c not in names]
    if missing:
        raise ImportFormatError(
            f"{file}:{line_no}: the header row has no {' or '.join(missing)} column "
            f"({_found(cells)})"
        )
    return names


_COLUMN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 _-]{0,29}")


def _found(cells: list[str]) -> str:
    """What a bad header holds, for the message: the cells that look like column names, and
    only how many others there are. The line may be anything (a record, HTML, someone's
    personal data, escape codes): quoting it whole helps no one."""
    names = [c.strip() for c in cells if _COLUMN_NAME.fullmatch(c.strip())]
    others = sum(1 for c in cells if c.strip()) - len(names)
    if not names:
        return "the first line names no column: it must be the header row"
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    if others:
        shown += f", and {others} cell{'s' * (others != 1)} that {'is' if others == 1 else 'are'}"
        shown += " not a column name"
    return f"found: {shown}"


def _tag_imbalance(html: str) -> int:
    """How badly a cell's block tags fail to pair up: used to place a stray tab."""
    score = 0
    for tag in ("p", "ol", "ul", "li", "table", "div"):
        opened = len(re.findall(rf"<{tag}[\s>]", html, re.I))
        closed = len(re.findall(rf"</{tag}\s*>", html, re.I))
        score += abs(opened - closed)
    return score + max(0, html.count("<") - html.count(">"))


def _fit_cells(names: list[str], cells: list[str]) -> tuple[list[str], str | None]:
    """Cells to columns, and the column a stray tab was kept in (None when there was none).

    A stray tab is kept as text only inside an HTML cell whose tags pair up once it is kept
    (real exports have them); ValueError for a row that does not fit its header otherwise:
    fewer cells than columns, or surplus cells that no HTML cell can take.
    """
    extra = len(cells) - len(names)
    if extra == 0:
        return cells, None
    plural = "s" * (len(cells) != 1)
    misfit = f"{len(cells)} cell{plural} but the header names {len(names)} columns"
    if extra < 0:
        raise ValueError(misfit)
    text_cols = [i for i, n in enumerate(names) if n in TEXT_COLUMNS]
    best: list[str] | None = None
    best_score = None
    best_target = 0
    # Try giving the surplus to each text column; keep the split whose HTML pairs up best.
    for target in reversed(text_cols):
        merged = [
            *cells[:target],
            "\t".join(cells[target : target + extra + 1]),
            *cells[target + extra + 1 :],
        ]
        score = sum(_tag_imbalance(merged[i]) for i in text_cols)
        if best_score is None or score < best_score:
            best, best_score, best_target = merged, score, target
    assert best is not None
    cell = best[best_target]
    if _tag_imbalance(cell) or not re.search(r"<[A-Za-z][^>]*>", cell):
        raise ValueError(f"{misfit}; a tab inside a cell is kept only in HTML whose tags pair up")
    return best, names[best_target]


def _read_tsv(file: str, lines: Iterable[str]) -> Iterator[RawRecord | RowError]:
    names: list[str] | None = None
    current: dict[str, str] | None = None
    current_line = 0
    count = 0
    bad_row = False
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if names is None:
            names = _header(file, line_no, line.split("\t"))
            continue
        if line.rstrip() == END_MARK:
            break
        cells = line.split("\t")
        if cells[0].strip() == "" and len(cells) > 1:
            # A continuation line: its text continues the previous record's RESPONSE.
            if current is None:
                if not bad_row:  # the lines of a bad row are part of its error
                    yield RowError(file, line_no, "a continuation line comes before any record")
                continue
            extra = line.lstrip("\t").strip()
            current["response"] = f"{current.get('response', '')}\n{extra}".lstrip("\n")
            continue
        if current is not None:
            count += 1
            yield RawRecord(file, current_line, count, current)
            current = None
        bad_row = False
        try:
            fitted, kept_in = _fit_cells(names, cells)
        except ValueError as error:
            yield RowError(file, line_no, str(error))
            bad_row = True
            continue
        if kept_in is not None:
            yield RowError(
                file,
                line_no,
                f"{len(cells) - len(names) + 1} cells read as the {kept_in.upper()} cell: "
                "the tabs inside it are kept as text",
                warning=True,
            )
        current = dict(zip(names, fitted, strict=False))
        current_line = line_no
    if names is None:
        raise ImportFormatError(f"{file}: the file is empty (no header row)")
    if current is not None:
        count += 1
        yield RawRecord(file, current_line, count, current)


def _read_csv(file: str, lines: Iterable[str]) -> Iterator[RawRecord | RowError]:
    # Cells may be far larger than the csv module's default 128 KB limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    # Strict: a quote left open would otherwise swallow every later record into one cell, and
    # text after a closing quote would be glued on. The reader goes on after such an error.
    reader = csv.reader(lines, strict=True)
    names: list[str] | None = None
    count = 0
    start = 1
    while True:
        line_no = start
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            start = reader.line_num + 1
            reason = (
                "a quoted cell is not closed before the end of the file"
                if "end of data" in str(error)
                else str(error)
            )
            if names is None:
                raise ImportFormatError(f"{file}:{line_no}: broken CSV header: {reason}") from error
            yield RowError(file, line_no, f"broken CSV: {reason}")
            continue
        start = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if names is None:
            names = _header(file, line_no, row)
            continue
        if len(row) > len(names):
            yield RowError(
                file, line_no, f"{len(row)} cells but the header names {len(names)} columns"
            )
            continue
        count += 1
        yield RawRecord(
            file,
            line_no,
            count,
            dict(zip(names, row + [""] * (len(names) - len(row)), strict=True)),
        )
    if names is None:
        raise ImportFormatError(f"{file}: the file is empty (no header row)")


def _object_fields(obj: object) -> dict[str, str] | str:
    if not isinstance(obj, dict):
        return f"expected an object with REQUEST and RESPONSE, found {type(obj).__name__}"
    fields: dict[str, str] = {}
    for key, value in obj.items():
        name = str(key).strip().lower()
        if value is None:
            fields[name] = ""
        elif isinstance(value, str):
            fields[name] = _whole_text(value)
        elif isinstance(value, int | float | bool):
            fields[name] = str(value)
        else:
            return f"the value of {key!r} is not text"
    if "request" not in fields:
        return "the object has no REQUEST"
    fields.setdefault("response", "")
    return fields


# JSON's "\\ud800" escapes decode to lone UTF-16 surrogates: text no file or store can hold.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _whole_text(value: str) -> str:
    """`value` with each lone surrogate replaced by U+FFFD, as a browser shows it."""
    if value.isascii():
        return value
    return _SURROGATE.sub("\ufffd", value)


def _read_jsonl(file: str, lines: Iterable[str]) -> Iterator[RawRecord | RowError]:
    count = 0
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield RowError(file, line_no, f"invalid JSON ({error.msg})")
            continue
        except RecursionError:
            yield RowError(file, line_no, "JSON nested too deeply")
            continue
        fields = _object_fields(obj)
        if isinstance(fields, str):
            yield RowError(file, line_no, fields)
            continue
        count += 1
        yield RawRecord(file, line_no, count, fields)


def _read_json(file: str, text: str) -> Iterator[RawRecord | RowError]:
    # Decode element by element so each record knows the line it starts on.
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if pos >= len(text) or text[pos] != "[":
        raise ImportFormatError(f"{file}: a JSON corpus must be an array of objects")
    pos = _skip_ws(text, pos + 1)
    count = 0
    if pos < len(text) and text[pos] == "]":
        return
    while pos < len(text):
        line_no = text.count("\n", 0, pos) + 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as error:
            raise ImportFormatError(f"{file}:{error.lineno}: invalid JSON ({error.msg})") from error
        except RecursionError as error:
            raise ImportFormatError(f"{file}:{line_no}: JSON nested too deeply") from error
        fields = _object_fields(obj)
        count += 1
        if isinstance(fields, str):
            yield RowError(file, line_no, fields)
        else:
            yield RawRecord(file, line_no, count, fields)
        pos = _skip_ws(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_ws(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            return
        raise ImportFormatError(f"{file}:{text.count(chr(10), 0, pos) + 1}: expected , or ]")
    raise ImportFormatError(f"{file}: the JSON array is not closed")


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


# ------------------------------------------------------------------ records to requests

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def parse_date(text: str) -> date:
    """A received date as people write it in the UK; ValueError names the problem."""
    value = " ".join(text.split())
    if "T" in value and value[:4].isdigit():
        value = value.split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"RECEIVED {text!r} is not a date (use YYYY-MM-DD)")


def fingerprint(record: RawRecord) -> str:
    """What makes a record the same record when it is imported again."""
    digest = hashlib.sha256()
    for name in ("ref", "request", "response"):
        digest.update(record.fields.get(name, "").strip().encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:32]


def build_request(record: RawRecord):  # -> Request (import kept local: parse needs pydantic)
    """Parse one raw record into a Request; ValueError with a user-readable reason if bad."""
    from foitui.models import Request, Source
    from foitui.parsing import parse_pair, suggest_title
    from foitui.parsing.html import rough_text

    fields = record.fields
    law, status, received, responded = check_fields(record)
    request_html = fields.get("request", "")
    parsed = parse_pair(request_html, fields.get("response", ""))
    if not parsed.request_text.strip():
        # `check_fields` saw text that the parse does not (a comment left open hides the
        # rest from a browser): the cell without its tags, not a refusal, since an import's
        # first pass has let the record through and may have committed others after it.
        parsed.request_text = rough_text(request_html)
    ref = " ".join(fields.get("ref", "").split()) or parsed.own_ref
    title = " ".join(fields.get("title", "").split()) or suggest_title(parsed.request_text)
    return Request(
        ref=ref or None,
        title=title,
        authority=" ".join(fields.get("authority", "").split()) or None,
        requester=" ".join(fields.get("requester", "").split()) or None,
        law=law,
        received=received,
        responded=responded,
        status=status,
        source=Source(file=record.file, line=record.line, record=record.record),
        request_text=parsed.request_text,
        response_text=parsed.response_text,
        questions=parsed.questions,
        answers=parsed.answers,
        unassigned_response=parsed.unassigned_response,
        references=[r for r in parsed.references if ref is None or _not_self(r.text, ref)],
    )


def check_fields(record: RawRecord) -> tuple[Law, Status, date | None, date | None]:
    """A record's law, status and dates, or ValueError naming what is wrong with it: every
    check of `build_request` but the parse's own. Cheap (no HTML is parsed), so the first
    pass of an import makes it on every record before anything is written (`load_corpus`)."""
    from foitui.kinds import Law, Status
    from foitui.parsing.html import markup_only

    fields = record.fields
    request_html = fields.get("request", "")
    if not request_html.strip():
        raise ValueError("the REQUEST cell is empty")
    if markup_only(request_html):
        raise ValueError("the REQUEST cell has no text (only markup)")
    law_text = fields.get("law", "").strip().lower() or "foi"
    law_text = {"foia": "foi", "eirs": "eir", "foi(s)a": "foisa", "eisrs": "eisr"}.get(
        law_text, law_text
    )
    # Law(value) looks the value up in a dict; a set of the members' values built per record
    # cost more than the rest of these checks together.
    try:
        law = Law(law_text)
    except ValueError:
        raise ValueError(f"LAW {fields['law']!r} is not one of foi, eir, foisa, eisr") from None
    status_text = fields.get("status", "").strip().lower().replace(" ", "_") or "new"
    try:
        status = Status(status_text)
    except ValueError:
        raise ValueError(
            f"STATUS {fields['status']!r} is not one of {', '.join(s.value for s in Status)}"
        ) from None
    received_text = fields.get("received", "")
    received = _received_date(received_text) if received_text.strip() else None
    # The date the response was sent, where the record gives it: the on-time figures and the
    # review's lateness count from it, and the deadline no longer runs.
    responded_text = fields.get("responded", "")
    try:
        responded = _received_date(responded_text) if responded_text.strip() else None
    except ValueError:
        raise ValueError(f"RESPONDED {responded_text!r} is not a date (use YYYY-MM-DD)") from None
    if responded and received and responded < received:
        raise ValueError(
            f"RESPONDED {responded.isoformat()} is before RECEIVED {received.isoformat()}"
        )
    return law, status, received, responded


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _received_date(text: str) -> date:
    """`parse_date`, with a fast path for YYYY-MM-DD (nearly every corpus writes dates so):
    strptime costs more per record than the rest of build_request outside parsing."""
    value = text.strip()
    if _ISO_DATE.fullmatch(value):
        try:
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            pass  # "2024-02-30": parse_date names the problem
    return parse_date(text)


def _not_self(text: str, own: str) -> bool:
    from foitui.refs import ref_key

    return ref_key(text) != ref_key(own)


# ------------------------------------------------------------------ many records at once

#: Below this many records a process pool costs more than it saves.
PARALLEL_FROM = 2000
_CHUNK = 250
#: Chunks handed to the workers beyond the one being written: enough to keep every core busy.
AHEAD = 16


def _each_record(
    records: list[RawRecord], make: Callable[[RawRecord], object]
) -> list[tuple[bool, object]]:
    """(True, make(record)) per record, or (False, why it failed, naming its line)."""
    out: list[tuple[bool, object]] = []
    for record in records:
        try:
            out.append((True, make(record)))
        except (ValueError, RecursionError) as error:
            out.append((False, f"{record.file}:{record.line}: {error}"))
        except Exception as error:  # a parser bug: see _parser_fault
            out.append((False, _parser_fault(record, error)))
    return out


def _build_chunk(records: list[RawRecord]) -> list[tuple[bool, object]]:
    """Worker side of `build_requests`: request JSON, or an error message, per record."""
    return _each_record(records, lambda record: build_request(record).model_dump(mode="json"))


def _prepare_chunk(records: list[RawRecord]) -> list[object]:
    """Worker side of `prepare_records`: a `Prepared` or an error message per record."""
    from foitui.store.records import prepare

    def make(record: RawRecord) -> object:
        return prepare(build_request(record), fingerprint(record))

    return [value for _, value in _each_record(records, make)]


def _parser_fault(record: RawRecord, error: Exception) -> str:
    """A record the parser failed on: a bug, but one record's, so it is reported like a bad
    record (named by line, skipped with --skip-bad) instead of failing the whole import."""
    return (
        f"{record.file}:{record.line}: foitui could not parse this record "
        f"({type(error).__name__}: {error}); please report it"
    )


def _worker_start(parent: int) -> None:
    """In each parse worker: die with the importing process.

    A killed `foitui import` left its workers parsing for ever (about 50 MB each), holding
    the dead parent's stdout open so that a pipeline reading the import never ended. So the
    worker lets go of stdout (it never writes there), asks Linux to kill it when its parent
    dies, and elsewhere (or if the parent died before that) watches for it.
    """
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes
            import signal

            pr_set_pdeathsig = 1
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request above was made

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


Work = Callable[[list[RawRecord]], list[Any]]
#: Told how many records have been parsed so far, now and then during a big file.
Progress = Callable[[int], None]


def _in_chunks(
    work: Work, records: Iterable[RawRecord], progress: Progress | None = None
) -> list[Any]:
    """`work` over `records` in order, on every core for big files (see `_chunks`)."""
    return [item for chunk in _chunks(work, records, progress) for item in chunk]


def _chunks(
    work: Work, records: Iterable[RawRecord], progress: Progress | None = None
) -> Iterator[list[Any]]:
    """`work` over `records`, its results a chunk at a time in file order, on every core for
    big files.

    Parsing is pure and CPU-bound, so a large corpus is split across processes. Small files
    stay in this process (a second or two: no `progress`). `records` may be a generator still
    reading the file: chunks go to the workers as they are read, at most AHEAD chunks beyond
    the one the caller is given, so memory holds a few thousand records whatever the file's
    size (the whole file's results, kept, were most of a big import's memory).
    """
    stream = iter(records)
    head = list(itertools.islice(stream, PARALLEL_FROM))
    workers = min(os.cpu_count() or 1, 8)
    if len(head) < PARALLEL_FROM or workers < 2:
        yield work([*head, *stream])
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # fork where it exists: the workers start with the parser already imported.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )
    ahead = max(AHEAD, 2 * workers)
    done = 0
    try:
        pending: deque[Future[list[Any]]] = deque()
        chunk = head
        while chunk:
            for start in range(0, len(chunk), _CHUNK):
                pending.append(pool.submit(work, chunk[start : start + _CHUNK]))
            while len(pending) > ahead:
                results = pending.popleft().result()
                done += len(results)
                if progress is not None:
                    progress(done)
                yield results
            chunk = list(itertools.islice(stream, _CHUNK))
        while pending:
            results = pending.popleft().result()
            done += len(results)
            if progress is not None:
                progress(done)
            yield results
    except BaseException:
        # A file found damaged half-way, ^C, or the caller stopping early: no point parsing
        # the rest. Waits for the chunks already being parsed (a fraction of a second): with
        # wait=False the pool could be garbage-collected before its manager thread saw the
        # cancellation, and then it parsed every chunk left (measured: ^C 4 s into a
        # 100,000-record import ended the process 40 s later).
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def build_requests(records: list[RawRecord]):  # -> list[Request | str]
    """Parse records into Requests (or an error message each)."""
    from foitui.models import Request

    return [
        Request.model_validate(value) if ok else str(value)
        for ok, value in _in_chunks(_build_chunk, records)
    ]


def prepare_file(
    path: Path,
    fmt: str = "auto",
    progress: Progress | None = None,
    warnings: list[RowError] | None = None,
):  # -> (list[Prepared | str], list[RowError])
    """`prepare_records` of a file's records (started while it is still being read), and the
    records that could not be read; rows read in a way that is not plain go to `warnings`."""
    errors: list[RowError] = []
    records = _noting_errors(iter_records(path, fmt), errors, warnings)
    return prepare_records(records, progress), errors


def prepare_records(
    records: Iterable[RawRecord], progress: Progress | None = None
):  # -> list[Prepared | str]
    """Parse records into what the store writes (`records.Prepared`), or an error message each.

    Everything per record happens in the workers, JSON encoding included: the importing
    process is left to hand out ids and write files, which is what lets an import use both
    cores of a small machine.
    """
    return _in_chunks(_prepare_chunk, records, progress)


# ------------------------------------------------------------------ the import pipeline
# Both the command line and the app call these: they sit below both, so neither imports the other.


def read_corpus(
    files: list[Path], fmt: str, warn: Callable[[RowError], None] | None = None
) -> tuple[list[tuple[Request, str]], list[str]]:
    """Parse files into (request, fingerprint) pairs, and one message per bad record; rows
    read in a way that is not plain are given to `warn` as they are read."""
    good: list[tuple[Request, str]] = []
    errors: list[str] = []
    for path in files:
        warnings: list[RowError] = []
        records, row_errors = read_records(path, fmt, warnings)
        if warn is not None:
            for warning in warnings:
                warn(warning)
        errors.extend(str(e) for e in row_errors)
        for record, result in zip(records, build_requests(records), strict=True):
            if isinstance(result, str):
                errors.append(result)
            else:
                good.append((result, fingerprint(record)))
    return good, errors


#: How often a long import reports how it is getting on.
REPORT_SECONDS = 0.2


def load_corpus(
    store: Store,
    files: list[Path],
    *,
    fmt: str,
    skip_bad: bool,
    report: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[int, int, list[str]]:
    """Import files; (imported, duplicates, error messages). With errors and not
    `skip_bad`, nothing is imported. `report` is told, a few times a second at most, how a
    big import is getting on ("12,000 records parsed from FILE").

    Streamed, so that memory does not grow with the files (Store.import_stream). A first
    pass reads every file's structure and makes every check on each record's fields that
    needs no parsing (`check_fields`: a few microseconds a record), so that a bad record is
    refused before anything is written, and at once rather than after minutes of parsing.
    The second parses and writes a few hundred records at a time; a big import commits as it
    goes (`Store.import_stream`'s parts), so the app lists the requests already imported.
    Only the parser itself can still fail a record then (a fault of foitui's, said so): the
    import stops there, and the parts committed before it stay (`ImportStopped`).
    """
    from foitui.safetext import one_line

    errors: list[str] = []
    last = 0.0

    def parsed(path: Path, count: int) -> None:
        nonlocal last
        if report is not None and time.monotonic() - last >= REPORT_SECONDS:
            last = time.monotonic()
            report(f"{count:,} records parsed from {one_line(path.name)}")

    texts = [whole_text(path) for path in files]
    refused: list[set[int]] = []  # by file, the lines of records the first pass refused
    for path, text in zip(files, texts, strict=True):
        bad: set[int] = set()
        for item in iter_records(path, fmt, text):
            if isinstance(item, RowError):
                if not item.warning:
                    errors.append(str(item))
                elif warn is not None:
                    warn(str(item))
                continue
            try:
                check_fields(item)
            except ValueError as error:
                errors.append(f"{item.file}:{item.line}: {error}")
                bad.add(item.line)
        refused.append(bad)
    if errors and not skip_bad:
        return 0, 0, errors
    good = 0
    source = ""

    def batches() -> Iterator[list[Any]]:
        nonlocal good, source
        for path, text, bad in zip(files, texts, refused, strict=True):
            records = (
                record
                for record in _noting_errors(iter_records(path, fmt, text), [])
                if record.line not in bad
            )
            for results in _chunks(_prepare_chunk, records, partial(parsed, path)):
                batch = []
                for result in results:
                    if isinstance(result, str):
                        errors.append(result)
                    else:
                        batch.append(result)
                if batch:
                    source = source or str(path)
                    good += len(batch)
                    yield batch
        if report is not None and last and (skip_bad or not errors):  # only a big import
            report(f"writing {good:,} requests to the store")

    # One call for every file.
    stream = batches()
    try:
        result = store.import_stream(
            stream, source=lambda: source, keep=lambda: skip_bad or not errors, parts=True
        )
    finally:
        stream.close()  # a failed import stops the parse workers now, not when collected
    if errors and not skip_bad:
        if result.imported:
            raise ImportStopped(errors, result)
        return 0, 0, errors
    return len(result.imported), result.duplicates, errors
