"""The letters that go out, and `foitui settings`.

The response letter is held against a snapshot (tests/data/letters/), reviewed by hand: every
question with its answer; the refusal notice of the law (FOIA s.17(1): the exemption and why;
the public interest for a qualified one; s.17(5) for the cost limit with the estimate); neither
confirm nor deny worded as such (FOIA s.2(1)(b) with s.40(5B)); the right to a review within 40
working days (FOIA s.45 code of practice, part 5) and to complain to the ICO (FOIA s.50).
Regenerate after a deliberate change with ``FOITUI_UPDATE_LETTERS=1``.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.costs import estimate
from foitui.law.letters import COMPLAINTS, NOTICES, letter
from foitui.law.reviews import stored_review
from foitui.models import Law
from tests.conftest import make_request

SNAPSHOTS = Path(__file__).parent / "data" / "letters"
SETTINGS = {
    "body_name": "Wigan Council",
    "body_address": "Town Hall | Library Street | Wigan WN1 1YN",
    "signature": "Information Governance Team",
}


def _check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("FOITUI_UPDATE_LETTERS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _store_with_marks(make_store, law: Law = Law.FOI):  # type: ignore[no-untyped-def]
    request = make_request(1, ref="FOI/2026/101", received="2026-11-02", law=law, questions=5)
    request.requester = "Ms A Person"
    store = make_store([request])
    for name, value in SETTINGS.items():
        store.set_setting(name, value)
    store.mark("1", "1", outcome="answered", note=None)
    store.mark("1", "2", outcome="refused", exemptions=["s43(2)"],
               note="The rates would let competitors undercut the contractor.")  # fmt: skip
    store.mark("1", "3", outcome="refused", exemptions=["s12"], hours=20)
    store.mark("1", "4", outcome="refused", exemptions=["s40(5B)"],
               note="Saying whether we hold it would itself disclose personal data.")  # fmt: skip
    store.mark("1", "5", outcome="not_held")
    store.set_field("1", "responded", "2026-11-30")
    return store


def _letter(store, kind: str, fmt: str = "txt") -> str:  # type: ignore[no-untyped-def]
    request = store.get("1")
    review = stored_review(request.law, store.triage_doc("1"), request.due)
    return letter(
        request,
        kind,
        settings=store.settings(),
        today=date(2026, 12, 1),
        review=review,
        cost=estimate(store, "1"),
        fmt=fmt,
    )


def test_response_letter_snapshot(make_store) -> None:
    store = _store_with_marks(make_store)
    _check_snapshot("response_foia.txt", _letter(store, "response"))


def test_response_letter_content(make_store) -> None:
    text = " ".join(_letter(_store_with_marks(make_store), "response").split())
    # FOIA s.17(1)(b), (c): the exemption and why it applies; s.2(2)(b): the public interest.
    assert "withholding this information under FOIA s.43(2) (commercial interests)" in text
    assert "subject to the public interest test" in text
    # FOIA s.17(5) with the Fees Regulations: 20 h x £25 = £500 over the £450 limit.
    assert "FOIA s.17(5)" in text and "£500 at £25 an hour, over the limit of £450" in text
    # Neither confirm nor deny is worded as such (s.40(5B)).
    assert "neither confirm nor deny whether we hold this information" in text
    # Not held: FOIA s.1(1)(a) is the duty to say whether it is held.
    assert "We do not hold this information (FOIA s.1(1)(a))" in text
    # Review: 40 working days from the response of Mon 30 Nov 2026: 1-4 Dec (1-4), 7-11
    # (5-9), 14-18 (10-14), 21-24 (15-18), Christmas X, Boxing Day substitute Mon 28 X, 29-31
    # (19-21), 1 Jan X, 4 Jan X (2 January's Scottish substitute: UK-wide under FOIA s.10(6)),
    # 5-8 Jan (22-25), 11-15 (26-30), 18-22 (31-35), 25-29 (36-40): Fri 29 January 2027.
    assert "by 29 January 2027" in text
    assert "section 50 of the Freedom of Information Act 2000" in text
    assert "Dear Ms A Person," in text and "Our reference: FOI/2026/101" in text
    assert "30 November 2026" in text  # dated the day it was sent


def test_letters_under_the_scottish_laws(make_store) -> None:
    request = make_request(1, received="2026-11-02", law=Law.EISR, questions=1)
    store = make_store([request])
    store.mark("1", "1", outcome="refused", exemptions=["sr10(5)(e)"], note="Prices.")
    text = " ".join(_letter(store, "response").split())
    # EISR reg. 13 is the refusal notice; reg. 10(5)(e) an exception with the presumption in
    # favour of disclosure (reg. 10(2)(b)); the Scottish Information Commissioner within six
    # months (FOISA s.47(4), applied by EISR reg. 17); the Court of Session (s.56).
    assert "EISR reg. 10(5)(e)" in text and "presume in favour of disclosure" in text
    assert "Scottish Information Commissioner" in text and "six months" in text
    assert "Court of Session" in text and "Information Commissioner's Office" not in text
    assert NOTICES[Law.EISR].refusal == "EISR reg. 13"
    # Settings not set: the gaps are bracketed for the officer, never invented.
    assert "[body name]" in text and "[signature]" in text
    assert "ICO" not in COMPLAINTS[Law.FOISA]


def test_acknowledgement_states_the_due_date(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", law=Law.FOISA, questions=1)])
    text = " ".join(_letter(store, "acknowledgement").split())
    # FOISA s.10(1): 20 working days from Mon 2 Nov 2026, St Andrew's Day 30 Nov skipped.
    assert "We will respond by 1 December 2026" in text and "FOISA s.10(1)" in text
    assert "Freedom of Information (Scotland) Act 2002" in text


def test_review_letter(make_store) -> None:
    store = _store_with_marks(make_store)
    assert "[no internal review" in _letter(store, "review")
    store.set_review("1", date(2026, 12, 3), date(2026, 12, 15), "upheld")
    text = " ".join(_letter(store, "review").split())
    assert "we have upheld our original response" in text
    assert "15 December 2026" in text  # dated the day the review was answered
    assert "complain to the Information Commissioner's Office" in text


def test_html_and_markdown_letters_escape_and_structure(make_store) -> None:
    store = _store_with_marks(make_store)
    store.mark("1", "1", outcome="answered", note="<script>alert(1)</script>")
    store.set_setting("body_name", "Wigan <Council> & Co")
    page = _letter(store, "response", "html")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Question 1</h2>" in page
    assert "Wigan &lt;Council&gt; &amp; Co" in page and "<Council>" not in page
    md = _letter(store, "response", "md")
    assert "## Question 2" in md and "\n> Question 2 of request 1" in md


def test_cli_letter_and_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\nFOI/1\tfoi\t2026-11-02\t<p>1. Grit bins?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    assert main(["settings", "body_name", "Wigan Council", "--store", store]) == 0
    assert main(["settings", "nonsense", "x", "--store", store]) == 2
    capsys.readouterr()
    assert main(["settings", "--store", store]) == 0
    assert "body_name: Wigan Council" in capsys.readouterr().out
    assert main(["letter", "1", "--kind", "acknowledgement", "--store", store]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wigan Council\n") and "We will respond by 1 December 2026" in out
    target = tmp_path / "ack.md"
    args = ["letter", "1", "--kind", "acknowledgement", "--format", "md", "-o", str(target)]
    assert main([*args, "--store", store]) == 0
    assert target.read_text().startswith("Wigan Council")
    assert target.stat().st_mode & 0o777 == 0o600
    # -o never replaces a file without --force.
    target.write_text("keep me")
    assert main([*args, "--store", store]) == 1
    assert "--force" in capsys.readouterr().err and target.read_text() == "keep me"
    assert main([*args, "--force", "--store", store]) == 0
    assert target.read_text().startswith("Wigan Council")
    assert main(["settings", "body_name", "--unset", "--store", store]) == 0
    capsys.readouterr()
    assert main(["history", "--json", "--store", store]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [c["path"] for c in changes if c["action"] == "setting"] == [
        ["settings", "body_name"]
    ] * 2
