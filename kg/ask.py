"""A short question in plain words -> one of kg's queries, answered (offline, no model: patterns).

"skills of product engineer vs PM" is `kg compare role:product-engineer role:product-manager`;
"which roles talk to users" is `kg neighbors skill:talking-to-users --type role`. Names in the
question are found with the lookup every command uses (KnowledgeGraph.find: ids, labels, aliases,
plurals, initials; an unknown name raises NotFound with suggestions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.query import NotFound

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph

FORMS = [
    "A vs B",
    "skills of A vs B",
    "A vs B in stage N",
    "how do A differ from B",
    "what does A do",
    "which companies hire A",
    "what tools do A use",
    "who says A SKILL (A talk to users)",
    "which roles SKILL",
    "how is X connected to Y",
]


class NotUnderstood(ValueError):
    """A question that matches none of the forms kg ask reads."""

    def __init__(self, question: str) -> None:
        super().__init__(
            f"cannot map {question!r} to a query; kg ask understands: " + "; ".join(f'"{f}"' for f in FORMS)
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


_ARTICLE = r"(?:(?:a|an|the)\s+)?"
_VS = r"\s+(?:vs\.?|versus|compared\s+(?:to|with)|against)\s+"
_STAGE = r"(?:\s+(?:in|at|during)\s+(?:the\s+)?(?:stage\s+(?P<stage>\S+)|(?P<stagename>.+?)\s+stage))?"


def _normal(text: str) -> str:
    text = " ".join(text.strip().split())
    text = re.sub(r"^(?:kg\s+ask\s+|please\s+|tell\s+me\s+)", "", text, flags=re.I)
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
    return re.sub(rf"^{_ARTICLE}", "", name.strip(), flags=re.I).strip()


class _Reader:
    """Names in a question -> node ids, through the graph's own lookup."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg

    def role(self, name: str) -> str:
        return self.kg.find(_strip(name), "role")

    def skill(self, phrase: str) -> str:
        """A skill named as in a sentence ('talk to users', 'do coding'), or the first failure's NotFound."""
        phrase = re.sub(r"^(?:do|does|doing|did)\s+", "", _strip(phrase), flags=re.I)
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


PATTERNS: list[tuple[str, Callable[[_Reader, re.Match], tuple[str, list[str]]]]] = [
    (
        rf"(?:(?:what\s+are\s+)?the\s+)?(?:skills|differences?)\s+(?:of|between)\s+(?P<a>.+?)(?:{_VS}|\s+and\s+)(?P<b>.+?){_STAGE}",
        _compare,
    ),
    (rf"(?:compare\s+)?(?P<a>.+?){_VS}(?P<b>.+?){_STAGE}", _compare),
    (rf"compare\s+(?P<a>.+?)\s+(?:and|with|to)\s+(?P<b>.+?){_STAGE}", _compare),
    (rf"how\s+(?:do|does|is|are)\s+(?P<a>.+?)\s+differ(?:ent)?\s+from\s+(?P<b>.+?){_STAGE}", _compare),
    (r"what\s+(?:does|do)\s+(?P<a>.+?)\s+do", _skills),
    (r"what\s+skills\s+(?:does|do)\s+(?P<a>.+?)\s+(?:need|have|use)", _skills),
    (r"(?:what\s+are\s+)?(?:the\s+)?skills\s+(?:of|for)\s+(?P<a>.+)", _skills),
    (
        r"(?:which|what)\s+companies\s+(?:hire|hires|employ|want|look\s+for|recruit)\s+(?P<a>.+)",
        _neighbors("company"),
    ),
    (r"(?:which|what)\s+tools\s+(?:do|does)\s+(?P<a>.+?)\s+use", _neighbors("tool")),
    (r"who\s+(?:says|said|writes|wrote|claims)\s+(?:that\s+)?(?P<rest>.+)", _who_says),
    (r"(?:which|what)\s+roles\s+(?:do\s+|are\s+)?(?P<skill>.+)", _roles_doing),
    (r"who\s+(?P<skill>.+)", _roles_doing),
    (r"how\s+(?:is|are)\s+(?P<a>.+?)\s+(?:connected|related|linked)\s+(?:to|with)\s+(?P<b>.+)", _path),
    (r"what\s+connects\s+(?P<a>.+?)\s+(?:and|to|with)\s+(?P<b>.+)", _path),
]


def parse(kg: KnowledgeGraph, question: str) -> tuple[str, list[str]]:
    """The query a question asks: (command, args) with node ids; NotUnderstood or NotFound otherwise."""
    text = _normal(question)
    reader = _Reader(kg)
    for pattern, read in PATTERNS:
        m = re.fullmatch(pattern, text, flags=re.I)
        if m:
            return read(reader, m)
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
