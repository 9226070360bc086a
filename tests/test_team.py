"""The team (issue 19): assigning, queues, sign-off, case notes, workload, team stores."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from foitui import stats, team
from foitui.cli import main
from foitui.errors import StoreError
from foitui.store import Store
from tests.conftest import SAMPLE
from tests.conftest import run_cli as run


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample in a store, with two teams: made once, copied for each test."""
    store = tmp_path_factory.mktemp("team") / "store"
    Store.open(store)
    assert main(["import", str(SAMPLE), "--store", str(store)]) == 0
    assert main(["settings", "teams", "Records, Legal", "--store", str(store)]) == 0
    shutil.rmtree(store / "backups")
    return store


@pytest.fixture
def sample(sample_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    store = tmp_path / "store"
    shutil.copytree(sample_template, store)
    capsys.readouterr()
    return store


ME = pwd.getpwuid(os.getuid()).pw_name


# ------------------------------------------------------------------ rules


def test_a_team_is_never_mistaken_for_a_login_name() -> None:
    settings = {"teams": "records, legal"}
    assert team.check_assignee("alice", settings) == "alice"
    assert team.check_assignee("team:Records", settings) == "team:records"
    assert team.check_assignee("@legal", settings) == "team:legal"
    with pytest.raises(ValueError, match="no team 'press'"):
        team.check_assignee("team:press", settings)
    for bad in ("alice smith", "", "ali:ce", "\x1b[31mx"):
        with pytest.raises(ValueError, match="not a login name"):
            team.check_assignee(bad, settings)


def test_the_clearance_rule_never_looks_at_the_requester() -> None:
    # Requests are applicant-blind: who asks does not change how a request is handled (ICO
    # guidance, "Consideration of the applicant's identity or motives"; FOIA s.1, s.8). So no
    # rule selects requests by requester.
    assert set(team.CLEARANCE_RULES) == {"none", "refusals", "all"}
    with pytest.raises(ValueError):
        team.check_rule("requester")


# ------------------------------------------------------------------ the store


def test_assign_reassign_unassign_are_journalled_with_who(sample: Path) -> None:
    store = Store.open(sample)
    assert store.summary("3").assignee is None  # imports arrive unassigned
    store.assign("3", "alice")
    store.assign("3", "team:records")
    store.assign("3", None)
    changes = [c for c in store.history("3") if c.action == "assign"]
    assert [c.new for c in changes] == ["alice", "team:records", None]
    assert {c.user for c in changes} == {ME}
    assert Store.open(sample).summary("3").assignee is None


def test_who_comes_from_the_user_id_not_logname(sample: Path, monkeypatch) -> None:
    # $LOGNAME and $USER are anyone's to set: the audit trail would name another officer.
    monkeypatch.setenv("LOGNAME", "mallory")
    monkeypatch.setenv("USER", "mallory")
    store = Store.open(sample)
    assert store.user == ME
    store.assign("3", "alice")
    assert store.history("3")[-1].user == ME


def test_clearance_steps_follow_the_stages(sample: Path) -> None:
    store = Store.open(sample)
    rule = store.clearance_rule()
    assert team.stage(store.summary("3"), rule) == ""  # needs none: no stage shown
    store.set_needs_clearance("3", True)
    assert team.stage(store.summary("3"), rule) == team.DRAFTING
    with pytest.raises(StoreError, match="cannot be marked cleared"):
        store.clearance_step("3", "clear")  # not yet submitted
    store.clearance_step("3", "ready")
    assert store.summary("3").clearance == team.AWAITING
    with pytest.raises(StoreError, match="needs a comment"):
        store.clearance_step("3", "return")
    store.clearance_step("3", "return", "Redact the officer's name in Q2")
    assert store.summary("3").clearance == team.RETURNED
    assert store.case_notes("3")[-1].text == "sent back: Redact the officer's name in Q2"
    store.clearance_step("3", "ready")
    store.clearance_step("3", "clear")
    assert store.summary("3").clearance == team.CLEARED
    steps = [c.note for c in store.history("3") if c.action == "clearance"]
    assert steps == [
        "needs clearance",
        "ready for clearance",
        "sent back: Redact the officer's name in Q2",
        "ready for clearance",
        "cleared",
    ]


def test_clearance_never_moves_the_statutory_deadline(sample: Path) -> None:
    # FOIA s.10(1): the response is due by the twentieth working day after receipt, whatever
    # the authority's own sign-off takes; internal clearance is no clock stop (s.10(6) lists
    # the only ones: clarification s.1(3), fees s.9).
    store = Store.open(sample)
    due = store.summary("3").due
    store.set_needs_clearance("3", True)
    store.clearance_step("3", "ready")
    store.clearance_step("3", "clear")
    assert store.summary("3").due == due == store.get("3").due


def test_the_refusals_rule_needs_clearance_for_refused_requests(sample: Path) -> None:
    store = Store.open(sample)
    store.set_setting("clearance_rule", "refusals")
    rule = store.clearance_rule()
    refused = store.summary("2")
    assert refused.status.value == "refused"
    assert team.needs_clearance(refused, rule)
    assert not team.needs_clearance(store.summary("3"), rule)  # new, nothing refused
    store.set_needs_clearance("2", False)  # marked by hand: wins over the rule
    assert not team.needs_clearance(store.summary("2"), rule)


def test_case_notes_are_append_only(sample: Path) -> None:
    store = Store.open(sample)
    change = store.add_case_note("3", "Rang the requester about part 3")
    store.add_case_note("3", "Second note")
    notes = store.case_notes("3")
    assert [n.text for n in notes] == ["Rang the requester about part 3", "Second note"]
    assert notes[0].user == ME and notes[0].at
    # Held information: altering it after a request for it is an offence (FOIA s.77).
    assert change is not None
    with pytest.raises(StoreError, match="never removed"):
        store.undo(change)
    with pytest.raises(StoreError, match="needs some text"):
        store.add_case_note("3", "   ")
    assert len(Store.open(sample).case_notes("3")) == 2


def test_two_users_assign_and_clear_the_same_request_at_once(sample: Path) -> None:
    """Two Store objects (two officers' sessions), each opened before the other's change:
    the assignment and the clearance are both kept."""
    first = Store.open(sample)
    first.set_needs_clearance("3", True)
    first.clearance_step("3", "ready")
    officer, approver = Store.open(sample), Store.open(sample)
    officer.assign("3", "alice")
    approver.clearance_step("3", "clear")  # its copy predates the assignment
    officer.add_case_note("3", "from the officer")
    approver.add_case_note("3", "from the approver")
    for store in (Store.open(sample), officer, approver):
        store.refresh()
        row = store.summary("3")
        assert (row.assignee, row.clearance) == ("alice", team.CLEARED)
        assert {n.text for n in store.case_notes("3")} == {"from the officer", "from the approver"}


def test_two_processes_assign_and_clear_at_once(sample: Path) -> None:
    """Two `foitui` processes started together, one assigning, one clearing: both kept (each
    takes the store's lock and re-reads what the other wrote before writing)."""
    store = Store.open(sample)
    store.set_needs_clearance("3", True)
    store.clearance_step("3", "ready")
    cli = [sys.executable, "-m", "foitui", "--store", str(sample)]
    procs = [
        subprocess.Popen([*cli, *args], stdout=subprocess.DEVNULL)
        for args in (["assign", "3", "bob"], ["clearance", "3", "clear"])
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    store.refresh()
    row = store.summary("3")
    assert (row.assignee, row.clearance) == ("bob", team.CLEARED)


# ------------------------------------------------------------------ the command line


def test_cli_assign(sample: Path, capsys) -> None:
    assert run(capsys, "assign", "FOI 12655", "alice", "--store", sample)[:2] == (
        0,
        "3: assigned to alice\n",
    )
    assert run(capsys, "assign", "3", "@records", "--store", sample)[1] == (
        "3: assigned to team:records\n"
    )
    code, _, err = run(capsys, "assign", "3", "team:press", "--store", sample)
    assert code == 1 and "no team 'press'" in err
    assert run(capsys, "assign", "3", "--none", "--store", sample)[1] == "3: unassigned\n"
    assert run(capsys, "assign", "3", "bob", "--none", "--store", sample)[0] == 2  # usage
    assert Store.open(sample).summary("3").assignee is None


def test_cli_list_mine_assignee_unassigned(sample: Path, capsys) -> None:
    run(capsys, "assign", "3", ME, "--store", sample)
    run(capsys, "assign", "5", "alice", "--store", sample)
    run(capsys, "assign", "8", "team:records", "--store", sample)

    def ids(*args: str) -> list[str]:
        out = run(capsys, "list", *args, "--json", "--store", sample)[1]
        return [row["id"] for row in json.loads(out)]

    assert ids("--mine") == ["3"]
    assert ids("--assignee", "alice") == ["5"]
    assert ids("--assignee", "@records") == ["8"]
    unassigned = ids("--unassigned")
    assert len(unassigned) == 37 and not {"3", "5", "8"} & set(unassigned)
    rows = json.loads(run(capsys, "list", "--json", "--store", sample)[1])
    assert rows[4]["assignee"] == "alice" and rows[0]["assignee"] is None
    table = run(capsys, "list", "--assignee", "alice", "--store", sample)[1]
    assert "ASSIGNEE" in table and "alice" in table


def test_cli_clearance_and_the_response_date(sample: Path, capsys) -> None:
    assert run(capsys, "clearance", "3", "needed", "--store", sample)[1] == "3: drafting\n"
    assert run(capsys, "clearance", "3", "ready", "--store", sample)[1] == (
        "3: awaiting clearance\n"
    )
    assert (
        json.loads(run(capsys, "list", "--clearance", "awaiting", "--json", "--store", sample)[1])[
            0
        ]["clearance"]
        == "awaiting"
    )
    # Sending it unsigned is refused, and nothing is saved.
    code, _, err = run(capsys, "set", "3", "--responded", "2026-11-20", "--store", sample)
    assert code == 1 and "needs clearance" in err and "--force" in err
    assert Store.open(sample).summary("3").responded is None
    code, _, err = run(capsys, "clearance", "3", "return", "--store", sample)
    assert code == 1 and "needs a comment" in err
    assert run(capsys, "clearance", "3", "clear", "--store", sample)[1] == "3: cleared\n"
    assert run(capsys, "set", "3", "--responded", "2026-11-20", "--store", sample)[0] == 0
    run(capsys, "clearance", "5", "needed", "--store", sample)
    assert (
        run(capsys, "set", "5", "--responded", "2026-11-20", "--force", "--store", sample)[0] == 0
    )
    assert run(capsys, "clearance", "3", "by-rule", "--store", sample)[1] == "3: sent\n"
    shown = json.loads(run(capsys, "show", "3", "--json", "--store", sample)[1])
    assert shown["clearance"]["stage"] == "sent" and shown["clearance"]["by"] == ME


def test_cli_case_notes_in_show_and_export_never_in_letters_or_the_log(
    sample: Path, capsys, tmp_path: Path
) -> None:
    secret = "Legal advised ZQX-7731 on part 4"
    assert run(capsys, "note", "1", secret, "--store", sample)[1] == (
        "1: case note added (1 in the thread)\n"
    )
    assert secret in run(capsys, "note", "1", "--store", sample)[1]
    assert json.loads(run(capsys, "note", "1", "--json", "--store", sample)[1])[0]["text"] == secret
    assert secret in run(capsys, "show", "1", "--store", sample)[1]
    record = json.loads(run(capsys, "show", "1", "--json", "--store", sample)[1])
    assert record["case_notes"] == [
        {"user": ME, "at": record["case_notes"][0]["at"], "text": secret}
    ]
    exported = tmp_path / "all.jsonl"
    assert run(capsys, "export", "--format", "jsonl", "-o", exported, "--store", sample)[0] == 0
    assert secret in exported.read_text()
    markdown = tmp_path / "all.md"
    assert run(capsys, "export", "--format", "md", "-o", markdown, "--store", sample)[0] == 0
    assert f"{ME}: {secret}" in markdown.read_text()  # the team's own export, for people
    # Never in what goes out: the response letter, the published disclosure log.
    letter = run(capsys, "letter", "1", "--kind", "response", "--store", sample)[1]
    assert "ZQX-7731" not in letter
    log = tmp_path / "log.html"
    assert run(capsys, "disclosure-log", "--format", "html", "-o", log, "--store", sample)[0] == 0
    assert "Data analytics in children" in log.read_text()  # request 1 is in the log
    assert "ZQX-7731" not in log.read_text()


def test_cli_stats_workload(sample: Path, capsys) -> None:
    run(capsys, "assign", "3", "alice", "--store", sample)  # overdue on 4 Dec 2026
    run(capsys, "assign", "19", "alice", "--store", sample)
    run(capsys, "assign", "1", "team:records", "--store", sample)
    run(capsys, "set", "1", "--responded", "2026-11-20", "--store", sample)
    stats = json.loads(run(capsys, "stats", "--json", "--store", sample)[1])
    alice = stats["by_assignee"]["alice"]
    assert alice["open"] == 2 and alice["responded"] == 0
    records = stats["by_assignee"]["team:records"]
    assert (records["open"], records["responded"], records["on_time_rate"]) == (0, 1, 1.0)
    assert list(stats["by_assignee"])[-1] == "unassigned"
    text = run(capsys, "stats", "--store", sample)[1]
    assert "by assignee" in text and "due within 5 working days, by assignee:" in text


def test_workload_due_soon_groups_by_assignee(sample: Path) -> None:
    store = Store.open(sample)
    store.assign("19", "alice")
    store.assign("35", "team:records")
    load = stats.workload(store.summaries(), date(2026, 12, 4))
    assert load["due_soon"]["alice"] == [{"id": "19", "ref": "FOI 2026/5388", "due": "2026-12-09"}]
    assert [c["id"] for c in load["due_soon"]["team:records"]] == ["35"]


# ------------------------------------------------------------------ sharing one store


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mode & 0o7777 for p in [root, *root.rglob("*")]}


def test_a_store_is_private_by_default(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    assert run(capsys, "init", "--store", store)[1].endswith(
        "private: directories 0700, files 0600\n"
    )
    run(capsys, "import", SAMPLE, "--store", store)
    run(capsys, "assign", "3", "alice", "--store", store)
    for name, mode in _modes(store).items():
        assert mode in (0o700, 0o600), (name, oct(mode))


def test_init_group_makes_a_team_store(tmp_path: Path, capsys) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    store = tmp_path / "store"
    run(capsys, "import", SAMPLE, "--store", store)  # a private store, converted
    code, out, _ = run(capsys, "init", "--group", group, "--store", store)
    assert code == 0 and "setgid directories 0770, files 0660" in out
    # Edits, the journal, the lock, the search index and backups made afterwards too.
    run(capsys, "assign", "3", "alice", "--store", store)
    run(capsys, "note", "3", "shared", "--store", store)
    run(capsys, "list", "--search", "bins", "--store", store)
    assert (store / "triage").is_dir() and (store / "journal.jsonl").exists()
    for name, mode in _modes(store).items():
        path = store / name
        wanted = 0o2770 if path.is_dir() else 0o660
        assert mode == wanted, (name, oct(mode))
        assert not mode & 0o007  # never world access
        assert path.stat().st_gid == os.getgid()
    assert run(capsys, "check", "--store", store)[0] == 0
    # `init` without --group leaves a team store as it is (the team is not locked out).
    assert "team store (left as it is)" in run(capsys, "init", "--store", store)[1]
    assert _modes(store)["."] == 0o2770


def test_init_refuses_an_unknown_group(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "init", "--group", "no-such-group-xyz", "--store", tmp_path / "s")
    assert code == 1 and "no group 'no-such-group-xyz'" in err
    assert not (tmp_path / "s").exists()
    assert stat.S_ISDIR((tmp_path).stat().st_mode)


def test_history_says_sign_off_steps_and_case_notes_in_words(sample: Path, capsys) -> None:
    run(capsys, "clearance", "3", "needed", "--store", sample)
    run(capsys, "clearance", "3", "ready", "--store", sample)
    run(capsys, "note", "3", "Chased the records team", "--store", sample)
    lines = run(capsys, "history", "3", "--store", sample)[1].splitlines()
    assert [line.split(f"{ME} ", 1)[1].strip() for line in lines[-3:]] == [
        "#3 Sign-off: needs clearance",
        "#3 Sign-off: ready for clearance",
        "#3 Case note: Chased the records team",
    ]
