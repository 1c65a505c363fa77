"""The README and the --help texts stay true to the CLI: every command, every option, an example each."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main
from conftest import ROOT
from typer.testing import CliRunner

from kg.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS: dict[str, Any] = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def options(command: Any) -> list[list[str]]:
    """Each option's long names (a flag pair such as --cache/--no-cache is one option)."""
    found = []
    for param in command.params:
        names = [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
        if param.param_type_name == "option" and names and names != ["--help"]:
            found.append(names)
    return found


def synopsis(name: str) -> str:
    """The README's code lines for `kg NAME`: each indented line starting with it, and the deeper
    indented lines that continue it."""
    lines = README.splitlines()
    out = []
    for i, line in enumerate(lines):
        if re.match(rf"\s{{4,}}kg {name}\b", line):
            out.append(line)
            indent = len(line) - len(line.lstrip())
            for more in lines[i + 1 :]:
                if len(more) - len(more.lstrip()) <= indent or more.lstrip().startswith("kg "):
                    break
                out.append(more)
    return "\n".join(out)


# Options every query command takes: the README documents them once, not on each command's line.
SHARED = {
    tuple(names)
    for names in options(COMMANDS["stats"])
    if all(names in options(c) for n, c in COMMANDS.items() if n != "build")
}


def test_every_query_command_shares_graph_and_format() -> None:
    assert SHARED == {("--graph",), ("--format",)}
    for names in SHARED:
        assert f"`{names[0]}" in README, names


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_its_options_are_in_the_readme(name: str) -> None:
    lines = synopsis(name)
    assert lines, f"README has no `kg {name}` line in a code block"
    missing = [
        n for n in options(COMMANDS[name]) if tuple(n) not in SHARED and not any(o in lines for o in n)
    ]
    assert not missing, f"kg {name}: options not in README's `kg {name}` lines: {missing}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert (COMMANDS[name].help or "").strip(), f"kg {name} has no help text"
    example = re.search(rf"Example: (kg {name}\b.*)", result.output)
    assert example, f"kg {name} --help shows no example"
    # the example parses: every option it uses is one the command takes
    known = {o for n in options(COMMANDS[name]) for o in n} | {"-f", "-g", "-t"}
    used = set(re.findall(r"(?<!\S)(--?[a-z][\w-]*)", example.group(1)))
    assert used <= known, (name, used - known)
