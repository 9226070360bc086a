"""The disclosure log: closed requests as published, the requester and contact details redacted.

Why the redactions: a disclosure log publishes to the world (ICO guidance "Disclosure logs";
FOIA s.45 code of practice, part 8, on publishing responses); the requester's identity and
other people's contact details are personal data (UK GDPR art. 4(1)) that the log does not
need (FOIA s.40(2) would withhold them from any requester).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from foitui import disclosure
from foitui.cli import main
from foitui.kinds import Status
from tests.conftest import make_request


def _request(n: int, **changes: object):  # type: ignore[no-untyped-def]
    request = make_request(n, ref=f"FOI/{n}", received="2026-10-01", questions=2, answered=2)
    request.status = Status.SUCCESSFUL
    request.requester = "Jane Doe"
    request.request_text = (
        "Dear Wigan Council,\n\n1. How many potholes?\n\n2. Who inspects them?\n\n"
        "Yours sincerely,\n\nJane Doe\njane.doe@example.org"
    )
    request.questions[0].answer = "412. For detail call Bob Roberts on 01942 244991."
    request.questions[1].answer = "Highways, Town Hall, Wigan WN1 1YN; highways@wigan.gov.uk"
    for name, value in changes.items():
        setattr(request, name, value)
    return request


def test_redacts_requester_contacts_and_listed_names() -> None:
    entries, found = disclosure.build([_request(1)], names=["Bob Roberts"])
    (entry,) = entries
    assert "Jane Doe" not in entry.request and "jane.doe@" not in entry.request
    assert "Yours sincerely,\n\n[name redacted]" in entry.request
    assert "Dear Wigan Council" in entry.request  # the authority is not redacted
    _, first, second = entry.questions[0][0], entry.questions[0][2], entry.questions[1][2]
    assert first == "412. For detail call [name redacted] on [phone redacted]."
    assert second == "Highways, Town Hall, Wigan [postcode redacted]; [e-mail redacted]"
    whys = sorted({r.why for r in found})
    assert whys == [
        "a name the officer listed",
        "a phone number",
        "a postcode",
        "a sign-off",
        "an e-mail address",
    ]
    assert {r.where for r in found} == {"request text", "answer 1", "answer 2"}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("FOI 11726 and 2019/20 spend of £450,000", True),  # references, years, money
        ("Call 0161 496 0000", False),
        ("Call +44 7700 900123 today", False),
        ("Postcode M1 1AE here", False),
        ("section 40(2) applies", True),
    ],
)
def test_phone_and_postcode_patterns(text: str, kept: bool) -> None:
    request = _request(1)
    request.questions[0].answer = text
    (entry,), _ = disclosure.build([request])
    assert (entry.questions[0][2] == text) is kept


def test_only_closed_requests_since_a_date() -> None:
    open_one = _request(2, status=Status.IN_PROGRESS)
    withdrawn = _request(3, status=Status.WITHDRAWN)
    old = _request(4, responded=date(2026, 1, 5))
    new = _request(5, responded=date(2026, 10, 20))
    entries, _ = disclosure.build([open_one, withdrawn, old, new], since=date(2026, 6, 1))
    assert [e.reference for e in entries] == ["FOI/5"]


def test_formats_never_hold_the_requester() -> None:
    entries, _ = disclosure.build([_request(1)])
    for fmt in disclosure.FORMATS:
        text = disclosure.render(entries, fmt)
        assert "Jane Doe" not in text and "01942" not in text, fmt
        assert "FOI/1" in text
    page = disclosure.render(entries, "html")
    assert page.startswith("<!DOCTYPE html>") and "<dt>Question 1:" in page
    assert disclosure.render(entries, "csv").splitlines()[0].startswith("reference,received")


def test_cli_preview_then_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from foitui.store import Store

    store_dir = tmp_path / "store"
    store = Store.open(store_dir)
    store.import_requests([_request(1)], ["fp1"])
    store.set_field("1", "requester", "Jane Doe")
    store.set_status("1", "successful")
    out = tmp_path / "log.html"
    args = ["disclosure-log", "--format", "html", "-o", str(out), "--store", str(store_dir)]
    assert main([*args, "--preview", "--redact", "Bob Roberts"]) == 0
    shown = capsys.readouterr()
    assert "'Bob Roberts' (a name the officer listed)" in shown.out
    assert "nothing written" in shown.err and not out.exists()
    assert main([*args, "--redact", "Bob Roberts"]) == 0
    assert "Bob Roberts" not in out.read_text() and "Jane Doe" not in out.read_text()
    assert out.stat().st_mode & 0o777 == 0o600
    assert main(args) == 1  # an existing file is not replaced without --force
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
