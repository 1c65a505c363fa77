"""A short question in plain words -> one of kg's queries, answered (offline, no model: patterns).

"skills of product engineer vs PM" is `kg compare role:product-engineer role:product-manager`;
"which roles talk to users" is `kg neighbors skill:talking-to-users --type role`. Names in the
question are found with the lookup every command uses (KnowledgeGraph.find: ids, labels, aliases,
plurals, initials; an unknown name raises NotFound with suggestions).

The question forms, word lists and patterns are data, kg/data/ask.yaml, which the explorer's search
box reads too (graph.html embeds it), so one definition serves both parsers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from kg.query import NotFound

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph


@cache
def grammar() -> dict[str, Any]:
    """kg/data/ask.yaml's `ask`: forms, word lists, fragments and patterns (the explorer embeds the same)."""
    text = resources.files("kg").joinpath("data", "ask.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["ask"]


def _words(key: str) -> str:
    """A word list of the grammar as one regex alternative, longest first."""
    words = sorted(grammar()[key], key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in words)


def patterns() -> list[tuple[str, str]]:
    """(query, regex) in order, fragments filled in."""
    fragments = grammar()["fragments"]
    out = []
    for item in grammar()["patterns"]:
        pattern = re.sub(r"\{(\w+)\}", lambda m: fragments[m.group(1)], item["pattern"])
        out.append((item["query"], pattern))
    return out


class NotUnderstood(ValueError):
    """A question that matches none of the forms kg ask reads."""

    def __init__(self, question: str) -> None:
        super().__init__(
            f"cannot map {question!r} to a query; kg ask understands: "
            + "; ".join(f'"{f}"' for f in grammar()["forms"])
        )
        self.question = question


@dataclass
class Answer:
    """A question, the query it was read as (a kg command and its arguments) and that query's answer."""

    question: str
    command: str
    args: list[str]
    answer: Any  # what the library returns for the query: a Comparison, a dict or a list

    def to_dict(self) -> dict[str, Any]:
        """{"question", "query": {"command", "args"}, "answer"}: the answer as `kg COMMAND ARGS -f json` prints it."""
        answer = self.answer.to_dict() if hasattr(self.answer, "to_dict") else self.answer
        return {
            "question": self.question,
            "query": {"command": self.command, "args": self.args},
            "answer": answer,
        }


def _normal(text: str) -> str:
    text = " ".join(text.strip().split())
    text = re.sub(rf"^(?:(?:{_words('drop')})\s+)", "", text, flags=re.I)
    return text.rstrip("?.! ").strip()


def _gerunds(phrase: str) -> list[str]:
    """'talk to users' -> also 'talking to users'; 'writes code' -> 'writing code'; 'ship' -> 'shipping'."""
    words = phrase.split()
    if not words:
        return []
    verb, rest = words[0], words[1:]
    stems = [verb]
    if verb.endswith("ies"):
        stems.append(verb[:-3] + "y")
    elif verb.endswith("es"):
        stems += [verb[:-2], verb[:-1]]
    elif verb.endswith("s") and not verb.endswith("ss"):
        stems.append(verb[:-1])
    forms = []
    for stem in stems:
        if stem.endswith("ing"):
            continue
        forms += [stem + "ing", stem[:-1] + "ing" if stem.endswith("e") else "", stem + stem[-1] + "ing"]
    return [" ".join([f, *rest]) for f in dict.fromkeys(forms) if f]


def _strip(name: str) -> str:
    return re.sub(rf"^(?:(?:{_words('articles')})\s+)?", "", name.strip(), flags=re.I).strip()


class _Reader:
    """Names in a question -> node ids, through the graph's own lookup."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    def role(self, name: str) -> str:
        return self.kg.find(_strip(name), "role")

    def skill(self, phrase: str) -> str:
        """A skill named as in a sentence ('talk to users', 'do coding'), or the first failure's NotFound."""
        phrase = re.sub(rf"^(?:{_words('do_words')})\s+", "", _strip(phrase), flags=re.I)
        first: NotFound | None = None
        for form in [phrase, *_gerunds(phrase)]:
            try:
                return self.kg.find(form, "skill")
            except NotFound as exc:
                first = first or exc
        assert first is not None
        raise first

    def thing(self, name: str) -> str:
        """Any node (a role, a skill, a company...), trying a skill's sentence forms too."""
        name = _strip(name)
        try:
            return self.kg.find(name)
        except NotFound:
            try:
                return self.skill(name)
            except NotFound:
                pass
            raise

    def role_and_skill(self, words: str) -> tuple[str, str]:
        """'product engineers talk to users' -> (role, skill): the first split where both are known."""
        tokens = words.split()
        for cut in range(1, len(tokens)):
            try:
                role = self.role(" ".join(tokens[:cut]))
            except NotFound:
                continue
            try:
                return role, self.skill(" ".join(tokens[cut:]))
            except NotFound:
                continue
        self.role(tokens[0] if tokens else words)  # raises NotFound with suggestions for the role
        raise NotUnderstood(words)


def _compare(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
    args = [r.role(m["a"]), r.role(m["b"])]
    stage = m.groupdict().get("stage") or m.groupdict().get("stagename")
    return "compare", args + (["--stage", stage] if stage else [])


def _skills(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
    return "skills", [r.role(m["a"])]


def _neighbors(kind: str) -> Callable[[_Reader, re.Match], tuple[str, list[str]]]:
    def read(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
        return "neighbors", [r.role(m["a"]), "--type", kind]

    return read


def _who_says(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
    return "path", list(r.role_and_skill(m["rest"]))


def _roles_doing(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
    return "neighbors", [r.skill(m["skill"]), "--type", "role"]


def _path(r: _Reader, m: re.Match) -> tuple[str, list[str]]:
    return "path", [r.thing(m["a"]), r.thing(m["b"])]


READERS: dict[str, Callable[[_Reader, re.Match], tuple[str, list[str]]]] = {
    "compare": _compare,
    "skills": _skills,
    "companies": _neighbors("company"),
    "tools": _neighbors("tool"),
    "who_says": _who_says,
    "roles_doing": _roles_doing,
    "path": _path,
}


def parse(kg: KnowledgeGraph, question: str) -> tuple[str, list[str]]:
    """The query a question asks: (command, args) with node ids; NotUnderstood or NotFound otherwise."""
    text = _normal(question)
    reader = _Reader(kg)
    for query, pattern in patterns():
        m = re.fullmatch(pattern, text, flags=re.I)
        if m:
            return READERS[query](reader, m)
    raise NotUnderstood(question.strip())


def run(kg: KnowledgeGraph, command: str, args: list[str]) -> Any:
    """What `kg COMMAND ARGS` answers, from the library."""
    if command == "compare":
        stage = args[args.index("--stage") + 1] if "--stage" in args else None
        return kg.compare(*[a for a in args if a.startswith("role:")], stage=stage)
    if command == "skills":
        return {"role": args[0], "label": kg.label(args[0]), "skills": kg.skills(args[0])}
    if command == "neighbors":
        return {"id": args[0], "neighbors": kg.neighbors(args[0], args[2] if len(args) > 2 else None)}
    if command == "path":
        return kg.path(args[0], args[1])
    raise ValueError(f"unknown command {command!r}")


def answer(kg: KnowledgeGraph, question: str) -> Answer:
    """Read `question` as a query and answer it."""
    command, args = parse(kg, question)
    return Answer(question, command, args, run(kg, command, args))
