"""Every command, positional argument and option of `foitui --help` has a line of help."""

from __future__ import annotations

import argparse

from foitui.cli import build_parser


def missing_help(parser: argparse.ArgumentParser, path: str = "foitui") -> list[str]:
    """What has no help text under `parser`: commands, their arguments and options."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if not helps.get(name):
                    missing.append(f"{path} {name}")
                missing.extend(missing_help(sub, f"{path} {name}"))
        elif not isinstance(action, argparse._HelpAction) and not action.help:
            missing.append(f"{path} {'/'.join(action.option_strings) or action.metavar}")
    return missing


def test_the_walk_finds_an_argument_without_help() -> None:
    parser = argparse.ArgumentParser(prog="x")
    sub = parser.add_subparsers()
    command = sub.add_parser("go", help="go somewhere")
    command.add_argument("where", metavar="WHERE")
    command.add_argument("--fast", action="store_true", help="quickly")
    sub.add_parser("stay")
    assert missing_help(parser, "x") == ["x go WHERE", "x stay"]


def test_every_command_argument_and_option_has_help() -> None:
    assert missing_help(build_parser()) == []
