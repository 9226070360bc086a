"""The documentation stays true: docs/contract.md, docs/keys.md, the README's examples, data/.

Each check reads the page as a reader would (its tables and code blocks) and holds it against
the code: the CLI's parser and output on the bundled sample, the screens' BINDINGS.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, OptionList, TextArea

from foitui.cli import build_parser, main
from foitui.tui.app import FoituiApp
from foitui.tui.keymap import MEANINGS, meaning_of
from foitui.tui.screens.base import FOCUS_BINDINGS, FoituiModal, FoituiScreen
from foitui.tui.screens.chain import ChainScreen
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.clock import ClockScreen
from foitui.tui.screens.confirm import ConfirmScreen
from foitui.tui.screens.disclosure_log import DisclosureLogScreen
from foitui.tui.screens.exemption_picker import ExemptionPicker
from foitui.tui.screens.fix_dialog import FixMenu, SplitDialog
from foitui.tui.screens.help import HelpScreen
from foitui.tui.screens.history import HistoryScreen
from foitui.tui.screens.letter import LetterScreen
from foitui.tui.screens.link_dialog import LinkDialog
from foitui.tui.screens.metadata_form import MetadataForm
from foitui.tui.screens.prompt import PromptScreen
from foitui.tui.screens.request_list import RequestListScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stats import StatsScreen
from foitui.tui.screens.stepper import QuestionStepper
from foitui.tui.screens.text_dialog import RequestTextDialog
from foitui.tui.widgets.exemption_list import ExemptionList
from foitui.tui.widgets.request_table import RequestTable
from tests.conftest import ROOT

CONTRACT = ROOT / "docs" / "contract.md"
KEYS = ROOT / "docs" / "keys.md"
README = ROOT / "README.md"
DATA = ROOT / "data"


# ------------------------------------------------------------------ reading Markdown


def section(text: str, heading: str) -> str:
    """The body of the section whose heading line is `heading`, up to the next heading of the
    same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = len(lines)
    for number in range(start, len(lines)):
        hashes = len(lines[number]) - len(lines[number].lstrip("#"))
        if 0 < hashes <= level and lines[number][hashes : hashes + 1] == " ":
            end = number
            break
    return "\n".join(lines[start:end])


def cells(row: str) -> list[str]:
    """A Markdown table row's cells (`\\|` inside a cell is text, not a separator)."""
    parts = re.split(r"(?<!\\)\|", row.strip())
    return [part.strip().replace("\\|", "|") for part in parts[1:-1]]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of every table in `text` (header and separator rows left out)."""
    rows = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not line.startswith("|") or re.fullmatch(r"\|[\s:|-]+\|", line.strip()):
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if re.fullmatch(r"\|[\s:|-]+\|", following.strip()):
            continue  # a header row
        rows.append(cells(line))
    return rows


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def table_keys(text: str) -> list[str]:
    """The first column's names (`key`) of the tables in `text`."""
    return [code_spans(row[0])[0] for row in table_rows(text)]


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)


# ------------------------------------------------------------------ the CLI on the sample


def cli(*args: object) -> tuple[int, str]:
    """`foitui ARGS` in this process: (exit code, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # --help, and argparse's usage errors
            code = stop.code if isinstance(stop.code, int) else 1
    return code, out.getvalue()


def cli_json(store: Path, *args: object) -> object:
    code, out = cli("--store", store, *args)
    assert code == 0, (args, out)
    return json.loads(out)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sample, with one link and one clock stop (so those keys show)."""
    store = tmp_path_factory.mktemp("docs") / "store"
    assert cli("--store", store, "import", DATA / "sample.tsv")[0] == 0
    assert cli("--store", store, "link", "1", "2", "--kind", "prior")[0] == 0
    assert (
        cli("--store", store, "stop", "1", "--kind", "clarification", "--start", "2026-11-02")[0]
        == 0
    )
    return store


# ------------------------------------------------------------------ docs/contract.md


def contract_commands() -> list[tuple[str | None, str | None, list[str]]]:
    """(command name, or None for bare `foitui`; its action for a command that has actions,
    as `split` in `foitui fix ID split KEY`, else None; the option spans) of the main table."""
    parsers = subparsers()
    commands = []
    for row in table_rows(section(CONTRACT.read_text(), "## Commands")):
        if not row[0].startswith("`foitui"):
            continue
        words = code_spans(row[0])[0].split()
        name = words[1] if len(words) > 1 and re.fullmatch(r"[a-z][a-z-]*", words[1]) else None
        choices = actions(parsers[name]) if name in parsers else {}
        action = next((word for word in words[2:] if word in choices), None)
        commands.append((name, action, code_spans(row[1])))
    return commands


def actions(parser: object) -> dict[str, object]:
    """A parser's subcommands (the command line's, or a command's actions: `fix ID split`)."""
    found = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]  # type: ignore[attr-defined]
    return dict(found[0].choices) if found else {}


def subparsers() -> dict[str, object]:
    parser = build_parser()
    return {"": parser, **actions(parser)}


def test_contract_main_table_lists_every_command_the_cli_has() -> None:
    commands = contract_commands()
    documented = {name for name, _, _ in commands if name}
    actual = set(subparsers()) - {""}
    assert actual - documented == set(), "commands missing from docs/contract.md's table"
    assert documented - actual == set(), "commands in docs/contract.md the CLI does not have"
    for name, parser in list(subparsers().items())[1:]:
        # A command with actions (`fix ID split|merge|...`) has a row for each.
        rows = {action for command, action, _ in commands if command == name and action}
        assert rows == set(actions(parser)), f"docs/contract.md: the actions of `foitui {name}`"


def test_contract_commands_accept_help_and_every_listed_option() -> None:
    parsers = subparsers()
    for name, sub, spans in contract_commands():
        args = [name, "--help"] if name else ["--help"]
        if name and sub:
            args = [name, "1", sub, "--help"]
        code, text = cli(*args)
        assert code == 0, f"`foitui {' '.join(args)}` exits {code}"
        for span in [*spans, "--store DIR", "--debug", "-h"]:
            option, _, values = span.partition(" ")
            assert option.startswith("-"), (name, span)
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), (
                f"`foitui {' '.join(filter(None, (name, sub)))}` has no {option} (docs/contract.md)"
            )
            # Choices written out (`--law foi|eir|foisa`) must all be accepted.
            if "|" in values and values == values.lower():
                parser = parsers[name or ""]
                parser = actions(parser)[sub] if sub else parser
                action = next(a for a in parser._actions if option in a.option_strings)
                assert set(values.split("|")) <= set(action.choices), (name, option)


def test_contract_coming_commands_are_not_mistaken_for_working_ones() -> None:
    """A command listed under Coming must not exist yet: once it does, move it to the table."""
    coming = section(CONTRACT.read_text(), "## Coming")
    names = [code_spans(row[0])[0].split()[1] for row in table_rows(coming)]
    assert names == []
    actual = set(subparsers())
    for name in names:
        assert name not in actual, f"`foitui {name}` works now: move it out of Coming"


def record_tables() -> dict[str, list[str]]:
    text = section(CONTRACT.read_text(), "## Record JSON")
    tables = {"record": table_keys(text.split("\n### ")[0])}
    for part in text.split("\n### ")[1:]:
        name, _, body = part.partition("\n")
        tables[name.strip()] = table_keys(body)
    return tables


def test_contract_record_json_keys_are_what_show_and_parse_print(sample_store: Path) -> None:
    tables = record_tables()
    shown = cli_json(sample_store, "show", "1", "--json")
    assert isinstance(shown, dict)
    parsed = cli_json(sample_store, "parse", DATA / "sample.tsv")
    assert isinstance(parsed, list) and parsed[0]["id"] is None
    for record in (shown, parsed[0]):
        assert list(record) == tables["record"]
        assert list(record["source"]) == tables["source"]
        for name in ("questions", "answers", "references"):
            assert list(record[name][0]) == tables[name], name
    assert list(shown["links"][0]) == tables["links"]
    assert list(shown["stops"][0]) == tables["stops"]


def test_contract_list_json_rows_carry_the_keys_listed(sample_store: Path) -> None:
    rows = cli_json(sample_store, "list", "--json")
    assert isinstance(rows, list) and rows
    listed = table_keys(section(CONTRACT.read_text(), "## list --json rows"))
    assert listed
    for row in rows:
        assert set(listed) <= set(row), set(listed) - set(row)


def other_outputs() -> dict[str, list[str]]:
    """The tables of "Other JSON outputs", by the command each follows (`stats --json`)."""
    tables: dict[str, list[str]] = {}
    name = ""
    for line in section(CONTRACT.read_text(), "## Other JSON outputs").splitlines():
        if line.startswith("`"):
            name = code_spans(line)[0].split()[0]
        elif line.startswith("| `"):
            tables.setdefault(name, []).append(code_spans(cells(line)[0])[0])
    return tables


def test_contract_other_json_outputs(sample_store: Path) -> None:
    tables = other_outputs()
    assert set(tables) == {"stats", "similar", "hints", "chain", "precedent", "history"}
    stats = cli_json(sample_store, "stats", "--json")
    assert isinstance(stats, dict) and list(stats) == tables["stats"]
    similar = cli_json(sample_store, "similar", "1", "--json")
    assert isinstance(similar, list) and list(similar[0]) == tables["similar"]
    found_hints = 0
    for number in range(1, 41):  # the sample's requests with hints (#6 has one)
        hints = cli_json(sample_store, "hints", number, "--json")
        assert isinstance(hints, dict) and list(hints) == ["id", "aggregate", "repeat"]
        for hint in hints["aggregate"] + hints["repeat"]:
            assert list(hint) == tables["hints"]
            found_hints += 1
    assert found_hints
    found = cli_json(sample_store, "chain", "1", "--json")
    assert isinstance(found, dict) and list(found) == ["id", "truncated", "entries"]
    assert list(found["entries"][0]) == tables["chain"]
    found_precedents = 0
    for number in range(1, 41):  # #13's question 1 has earlier answers in #12
        code, out = cli("--store", sample_store, "precedent", number, "1", "--json")
        if code == 0:  # (some requests have no question "1": theirs are a, b, c...)
            for answer in json.loads(out):
                assert list(answer) == tables["precedent"]
                found_precedents += 1
    assert found_precedents
    history = cli_json(sample_store, "history", "1", "--json")
    assert isinstance(history, list) and history
    for change in history:
        # `note` comes with some changes only (the table says so).
        assert set(tables["history"]) - {"note"} <= set(change) <= set(tables["history"])


# ------------------------------------------------------------------ docs/keys.md

NAMES = {
    "/": "slash",
    ":": "colon",
    "#": "number_sign",
    "?": "question_mark",
    "-": "minus",
    "pgup": "pageup",
    "pgdn": "pagedown",
}

#: Each section of docs/keys.md: the classes whose BINDINGS it describes (ours), and the
#: Textual widgets inside the screen whose own keys it may also name (enter in an OptionList).
SCREENS: dict[str, tuple[tuple[type, ...], tuple[type, ...]]] = {
    "Everywhere": ((FoituiApp,), (App,)),
    "Request list": ((RequestListScreen, RequestTable), ()),
    "Request view": ((RequestScreen,), ()),
    "Question stepper": ((QuestionStepper,), ()),
    "Link dialog": ((LinkDialog,), (OptionList, Input)),
    "Exemption picker": ((ExemptionPicker, ExemptionList), (Input,)),
    "Fix the split": ((FixMenu,), (OptionList,)),
    "Split a question": ((SplitDialog,), (TextArea,)),
    "Clock": ((ClockScreen,), ()),
    "Letter": ((LetterScreen,), ()),
    "Disclosure log": ((DisclosureLogScreen,), (Input,)),
    "History": ((HistoryScreen,), ()),
    "Chain": ((ChainScreen,), (OptionList,)),
    "Statistics": ((StatsScreen,), ()),
    "Help": ((HelpScreen,), ()),
    "Edit request": ((MetadataForm,), (Input,)),
    "Choosing from a list": ((ChoiceScreen,), (OptionList,)),
    "Prompts": ((PromptScreen,), (Input,)),
    "Confirm": ((ConfirmScreen,), ()),
}
NOT_SCREENS = ("Reserved", "One meaning per key")


def key_names(span: str) -> set[str]:
    """Textual's key names for a key as docs/keys.md writes it (`1-9` is each digit)."""
    if re.fullmatch(r"\d-\d", span):
        return {str(d) for d in range(int(span[0]), int(span[2]) + 1)}
    return {NAMES.get(span, span)}


def bindings(classes: tuple[type, ...], *, ours: bool = False) -> Iterator[Binding]:
    """The BINDINGS the classes declare, their base classes' included (as Textual merges
    them); `ours`: only the app's own (which carry an id), not tab/shift+tab."""
    for cls in classes:
        for klass in cls.__mro__:
            for binding in vars(klass).get("BINDINGS", ()):
                if not isinstance(binding, Binding):
                    binding = Binding(*binding)
                if ours and (binding.id is None or binding.id.startswith("focus.")):
                    continue
                yield binding


def bound_keys(classes: tuple[type, ...], *, ours: bool = False) -> set[str]:
    return {key.strip() for b in bindings(classes, ours=ours) for key in b.key.split(",")}


def keys_tables() -> dict[str, list[tuple[set[str], str]]]:
    """Each `## Section` of docs/keys.md: its rows as (key names, what they do)."""
    text = KEYS.read_text()
    tables = {}
    for heading in re.findall(r"^## (.+)$", text, flags=re.M):
        rows = table_rows(section(text, f"## {heading}"))
        if rows:
            tables[heading] = [
                (set().union(*(key_names(s) for s in code_spans(row[0]))), row[1]) for row in rows
            ]
    return tables


def documented(rows: list[tuple[set[str], str]]) -> set[str]:
    return set().union(*(keys for keys, _ in rows))


def test_keys_every_section_is_a_screen_we_know() -> None:
    tables = keys_tables()
    # "Reserved" has no table while no key waits for its feature.
    assert set(tables) | {"Reserved"} == set(SCREENS) | set(NOT_SCREENS)


def test_keys_every_screen_has_its_section() -> None:
    """A new screen or dialog gets its table in docs/keys.md (and a line in SCREENS)."""
    package = importlib.import_module("foitui.tui.screens")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"foitui.tui.screens.{module.name}")
    covered = {cls for classes, _ in SCREENS.values() for cls in classes}
    abstract = {FoituiScreen, FoituiModal, RequestTextDialog}

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(c) for c in found)) if found else found

    screens = {
        c
        for c in subclasses(FoituiScreen) | subclasses(FoituiModal)
        if c.__module__.startswith("foitui.")
    }
    assert screens - abstract - covered == set()


@pytest.mark.parametrize("heading", list(SCREENS))
def test_keys_in_docs_are_real_bindings_of_their_screen(heading: str) -> None:
    ours, widgets = SCREENS[heading]
    real = bound_keys(ours) | bound_keys(widgets)
    if heading == "Everywhere":
        real |= {App.COMMAND_PALETTE_BINDING} | {b.key for b in FOCUS_BINDINGS}  # type: ignore[union-attr]
    for keys, does in keys_tables()[heading]:
        assert keys <= real, f"docs/keys.md, {heading}: {sorted(keys - real)} ({does})"


@pytest.mark.parametrize("heading", list(SCREENS))
def test_keys_every_binding_of_a_screen_is_in_docs(heading: str) -> None:
    tables = keys_tables()
    written = documented(tables[heading]) | documented(tables.get("Reserved", []))
    missing = bound_keys(SCREENS[heading][0], ours=True) - written
    assert missing == set(), f"docs/keys.md, {heading}: add {sorted(missing)}"


def key_places() -> dict[str, list[tuple[str, Binding]]]:
    """Each key bound by the app: the (screen, binding) pairs that bind it."""
    places: dict[str, list[tuple[str, Binding]]] = {}
    for heading, (ours, _) in SCREENS.items():
        for binding in bindings(ours, ours=True):
            for key in binding.key.split(","):
                places.setdefault(key.strip(), []).append((heading, binding))
    return places


def shared_keys() -> dict[str, list[tuple[str, Binding]]]:
    """Each key bound on two or more screens: the (screen, binding) pairs that bind it."""
    return {key: found for key, found in key_places().items() if len({h for h, _ in found}) > 1}


def test_keys_one_meaning_per_key_across_screens() -> None:
    """A key bound on two screens does one kind of thing on both (issue 17): each of its
    bindings is declared in foitui/tui/keymap.py, all under the same meaning."""
    assert shared_keys(), "the check found no key shared between screens"
    for key, found in shared_keys().items():
        undeclared = [b.id for _, b in found if meaning_of(b.id or "") is None]
        assert undeclared == [], f"`{key}`: declare the meaning of {undeclared} in keymap.py"
        meanings = {meaning_of(b.id or "") for _, b in found}
        screens = sorted({h for h, _ in found})
        assert len(meanings) == 1, f"`{key}` means {sorted(meanings)} on {screens}"  # type: ignore[arg-type]


def test_keys_meaning_table_in_docs_is_the_keymap() -> None:
    """docs/keys.md's "One meaning per key" says what keymap.py declares, for every shared key."""
    rows = keys_tables()["One meaning per key"]
    described = {description: meaning for meaning, (description, _) in MEANINGS.items()}
    listed: set[str] = set()
    for keys, means in rows:
        assert means in described, f"docs/keys.md: {means!r} is no meaning in keymap.py"
        for key in keys:
            found = key_places().get(key)
            assert found, f"docs/keys.md: `{key}` is not bound"
            assert {meaning_of(b.id or "") for _, b in found} == {described[means]}, key
        listed |= keys
    assert set(shared_keys()) - listed == set(), "docs/keys.md: add these shared keys"


def test_keys_meanings_name_real_bindings() -> None:
    """Every binding id keymap.py names exists (a renamed binding must be renamed there)."""
    real = {b.id for classes, _ in SCREENS.values() for b in bindings(classes, ours=True)}
    for meaning, (_, ids) in MEANINGS.items():
        assert set(ids) <= real, (meaning, sorted(set(ids) - real))


def test_keys_reserved_are_free_where_they_are_not_yet_built() -> None:
    """A reserved key is free on every screen until its feature comes (`A` and `R` are built:
    assigning, internal review)."""
    tables = keys_tables()
    for keys, _ in tables.get("Reserved", []):
        if keys & {"A", "R"}:
            for heading, (ours, _) in SCREENS.items():
                assert not keys & bound_keys(ours), (keys, heading)


# ------------------------------------------------------------------ the README


def test_readme_quick_start_has_exactly_two_commands() -> None:
    quick = section(README.read_text(), "## Quick start")
    lines = [
        line
        for block in code_blocks(quick)
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(lines) == 2, lines
    assert lines[0].endswith("foitui demo") and lines[1].endswith("pytest")


def test_readme_links_stay_inside_the_repository() -> None:
    text = README.read_text()
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (ROOT / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"README links outside the repository: {target}"
        assert path.exists(), f"README links a missing file: {target}"


def foitui_command() -> str:
    """The foitui of the Python running the tests (a venv's), as a shell word."""
    script = Path(sys.executable).with_name("foitui")
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m foitui"


def test_readme_using_it_examples_run_as_written(sample_store: Path, tmp_path: Path) -> None:
    """Each line of the README's "Using it" block, run by bash in order on a store holding the
    sample, from a directory that has the checkout's data/. Only `foitui` is replaced (by this
    venv's, with `--store`); the bare `foitui` line opens the TUI and is left out."""
    lines = code_blocks(section(README.read_text(), "## Using it"))[0].splitlines()
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    (tmp_path / "data").symlink_to(DATA)
    prelude = f'foitui() {{ {foitui_command()} --store {shlex.quote(str(store))} "$@"; }}\n'
    skipped = []
    for line in lines:
        words = shlex.split(line, comments=True)
        assert words and words[0] == "foitui", line
        if words == ["foitui"]:
            skipped.append(line)
            continue
        done = subprocess.run(
            ["bash", "-c", f"set -e\n{prelude}{line}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"README line fails: {line}\n{done.stderr}"
    assert len(skipped) == 1
    assert (tmp_path / "triage.csv").stat().st_size > 0


# ------------------------------------------------------------------ data/


def test_data_sample_is_the_one_the_package_ships() -> None:
    assert (DATA / "sample.tsv").read_bytes() == (
        ROOT / "foitui" / "data" / "sample.tsv"
    ).read_bytes()


def test_data_seed_is_the_seed_the_tests_read() -> None:
    assert (DATA / "seed.tsv").read_bytes() == (ROOT / "tests" / "data" / "seed.tsv").read_bytes()


def test_data_readme_names_every_file() -> None:
    text = (DATA / "README.md").read_text()
    for path in DATA.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in text, f"data/README.md does not say what {path.name} is"
