"""Open-vocabulary skill phrases: what a clause says someone does, named by its predicate and object.

One function per kind of statement, each returning `Phrase`s (a label in one form, a lemma key that
merges forms across posts, and the tokens it covers); whom a phrase belongs to is refer.py's job:

- an action verb and its object: "build data pipelines" -> "building data pipelines"
- a verb whose object is the skill: "have strong SQL skills" -> "SQL skills"
- a complement: "responsible for onboarding", "familiar with SQL", "focused on X" -> its object
- a fragment (a list item or table cell that is a noun phrase): "Time management", "Ability to mediate"
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from lemminflect import getAllLemmas, getInflection
from spacy.tokens import Span, Token

from kg.extract.grammar import glued_hyphen_after, says_absent
from kg.extract.rules import Rules

_NOUNS = ("NOUN", "PROPN")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+#&/-]*")
_KEEP_MODS = ("compound", "amod", "nmod", "npadvmod")
_REFLEXIVES = frozenset({"themselves", "yourself", "yourselves", "himself", "herself", "oneself", "ourselves", "myself"})
_EXAMPLE_PREPS = ("like", "including", "as")  # "tasks like X", "things such as X"
_CLAUSE_DEPS = ("ROOT", "conj", "xcomp", "ccomp", "advcl", "relcl", "pcomp", "acl", "parataxis")


class Phrase(NamedTuple):
    """A skill phrase: its label, the lemma key that names its node, and where it is."""

    label: str  # "building data pipelines"
    key: str  # "build data pipeline"
    start: int  # first token covered
    end: int  # one past the last token covered
    anchor: int  # the token whose clause says who does it (the verb, or the noun of a fragment)
    verb: str = ""  # the verb's lemma, when the phrase is a verb and its object
    object_start: int = -1  # first token of the object's noun phrase (-1: no object)


@cache
def gerund(lemma: str) -> str:
    """The -ing form of a verb: 'write' -> 'writing', 'plan' -> 'planning'."""
    forms = getInflection(lemma, tag="VBG")
    return forms[0] if forms else lemma + "ing"


def sentence_phrases(sent: Span, rules: Rules, fragment: bool = False) -> list[Phrase]:
    """The skill phrases of `sent`: its action verbs with their objects, complements, and (when
    `fragment`, for list items and cells) the noun phrase it is made of."""
    out: list[Phrase] = []
    root = sent.root
    verbal_root = root.pos_ in _NOUNS and any(c.dep_ == "dobj" for c in root.children)
    for token in sent:
        if (token.pos_ == "VERB" and token.dep_ in _CLAUSE_DEPS) or (verbal_root and token is root):
            out.extend(verb_phrases(token, rules))  # "Interview SMEs" tagged as a noun with an object
        if _complement(token, rules):
            out.extend(complement_phrases(token, rules))
        if token.lemma_.lower() in rules.word_set("ensuring_verbs"):
            out.extend(ensured_phrases(token, rules))
    if fragment and root.pos_ == "NOUN" and not verbal_root:  # a name ("Azure AI Engineer") is no skill
        out.extend(fragment_phrases(root, rules))
    return _distinct(out)


def ensured_phrases(verb: Token, rules: Rules) -> list[Phrase]:
    """'Ensure releases are documented', 'Ensuring sites are optimized for mobile devices': the
    passive verb done to its subject, as the skill ("optimizing sites for mobile devices")."""
    pairs: list[tuple[Token, Token]] = []
    for done in (c for c in verb.children if c.dep_ == "ccomp" and _passive(c)):
        pairs += [(done, s) for s in done.children if s.dep_ == "nsubjpass"]
    if verb.dep_ == "advcl" and _passive(verb.head):  # the parser's other reading: "ensuring sites | are optimized"
        pairs += [(verb.head, o) for o in verb.children if o.dep_ == "dobj"]
    if verb.dep_ == "compound" and verb.head.dep_ == "nsubjpass" and _passive(verb.head.head):
        pairs.append((verb.head.head, verb.head))  # and a third: "Ensuring sites" as one noun phrase
    out = []
    for done, thing in pairs:
        prep = next((c for c in done.children if c.dep_ == "prep" and c.i > done.i), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        tail = _noun_phrases(pobj, rules)[:1] if pobj is not None else []
        after = [prep, *tail[0]] if tail else []  # "... for mobile devices"
        for np in _noun_phrases(thing, rules):
            np = [t for t in np if t.i != verb.i]
            if np:
                out.append(_phrase([done, *np, *after], verb.i, np, verb=done.lemma_.lower(), ordered=True))
    return out


def _complement(token: Token, rules: Rules) -> bool:
    """A word whose prepositional complement is a skill ("responsible for", "in charge of")."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("ADJ", "VERB"):
        return lemma in rules.word_set("complement_words") or token.lower_ in rules.word_set("complement_words")
    return token.pos_ == "NOUN" and lemma in rules.word_set("complement_nouns")


def verb_phrases(verb: Token, rules: Rules) -> list[Phrase]:
    """'build data pipelines' -> building data pipelines; 'have SQL skills' -> SQL skills;
    'talk to users' -> talking to users; 'help the team with planning' -> helping with planning.
    A verb with no meaningful object gives nothing."""
    lemma = verb.lemma_.lower()
    if lemma in rules.word_set("non_skill_verbs") or lemma in rules.word_set("blocking_verbs"):
        return []  # "neglect improvements" is not a skill
    if _passive(verb) or not may_be_verb(lemma):
        return []
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and f"{verb.lower_} {after.lower_}" in rules.word_set("noun_compounds"):
        return []  # "use case decisions" is a noun
    if verb.dep_ == "xcomp" and _listed(verb.head, rules, "desire_verbs"):
        return []  # "they want to shape the product": a wish
    if verb.dep_ == "xcomp" and _listed(verb.head, rules, "delegating_verbs"):
        if any(c.dep_ == "dobj" for c in verb.head.children):
            return []  # "encouraging engineers to take a course": the engineers take it
    if verb.dep_ == "acl" and not _listed(verb.head, rules, "frame_nouns"):
        return []  # "organizations using their product" says what the organizations do
    if lemma in rules.word_set("complement_words") and not _objects(verb):
        return []  # "focus on X", "work on X": complement_phrases names X
    objects = _objects(verb) or _shared_objects(verb)
    particles = [c for c in verb.children if c.dep_ == "prt"]  # "set up pipelines"
    out = []
    for obj in (o for o in objects if o.i > verb.i):
        if lemma in rules.word_set("naming_verbs") and obj.lower_ in rules.word_set("tool_nouns") and any(
            c.dep_ == "prep" and c.lower_ in _EXAMPLE_PREPS for c in obj.children
        ):
            continue  # "use tools like PostHog": a use of the tools, which sentence_tools reports
        if obj.lower_ in _REFLEXIVES and lemma not in rules.word_set("object_verbs") and verb.dep_ != "relcl":
            # not "side projects they've built themselves", whose object is the projects
            out.append(_phrase([verb, *particles], verb.i, [], verb=lemma))  # "certify themselves"
        for np in _noun_phrases(obj, rules):
            if lemma in rules.word_set("object_verbs"):
                if _names_something(np):
                    out.append(_phrase(np, verb.i, np))
            elif lemma in rules.word_set("naming_verbs") and not _names_something(np):
                continue  # "use all this information", "use frameworks"; but "use feature flags", "use SQL"
            else:
                out.append(_phrase([verb, *particles, *np], verb.i, np, verb=lemma))
    if out or objects or lemma in rules.word_set("object_verbs"):
        return out  # "build solutions to problems": an empty object, not a prepositional one
    for prep in verb.children:  # "With the rise of X, PMs will specialize": a fronted phrase is no object
        if prep.dep_ != "prep" or prep.lower_ not in rules.word_set("object_preps") or prep.i < verb.i:
            continue
        for pobj in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
            if pobj.tag_ == "VBG" or (pobj.lower_.endswith("ing") and may_be_verb(pobj.lemma_.lower())):
                continue  # "dive into building": the building is the skill, said on its own
            for np in _noun_phrases(pobj, rules):
                out.append(_phrase([verb, *particles, prep, *np], verb.i, np, verb=lemma))
    return out


def complement_phrases(word: Token, rules: Rules) -> list[Phrase]:
    """'responsible for onboarding', 'familiar with SQL', 'in charge of hiring', 'focus on retention':
    the complement's noun phrase (a gerund complement is a verb phrase of its own)."""
    out = []
    for prep in word.children:
        if prep.dep_ != "prep" or prep.i < word.i:
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for noun in (pobj, *(c for c in pobj.conjuncts if c.i > pobj.i)):
                for np in _noun_phrases(noun, rules):
                    if _names_something(np) or noun.tag_ == "NN" and noun.lemma_.endswith(("ing", "tion", "ment")):
                        out.append(_phrase(np, word.i, np))  # not "responsible for their product"
    return out


def fragment_phrases(noun: Token, rules: Rules) -> list[Phrase]:
    """A list item or cell that is a noun phrase: "Time management", "Precision and attention to
    details" -> time management; precision; attention to details."""
    if says_absent(noun):
        return []  # "No public pricing": what is missing, not a skill
    out = []
    for np in _noun_phrases(noun, rules):
        out.append(_phrase(np, noun.i, np))
    return out


def _listed(token: Token, rules: Rules, key: str) -> bool:
    """Whether `token`'s lemma or its text is in the vocabulary list `key`."""
    words = rules.word_set(key)
    return token.lemma_.lower() in words or token.lower_ in words


@cache
def may_be_verb(lemma: str) -> bool:
    """Whether a word the tagger took for a verb can be one ("feedback" cannot; "ideate" is unknown)."""
    known = getAllLemmas(lemma)
    return not known or "VERB" in known


def _names_something(np: list[Token]) -> bool:
    """Whether a noun phrase alone can name a skill: several words ("SQL skills", "design sense")
    or a name ("HTML", "Kubernetes"), not one common noun ("a history", "a group")."""
    return len(np) > 1 or (bool(np) and (np[-1].pos_ == "PROPN" or np[-1].text.isupper()))


def _passive(verb: Token) -> bool:
    """A passive verb ("data has to be extracted"): who does it is an agent, rarely a role."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children
    )


def _objects(verb: Token) -> list[Token]:
    """The direct objects of `verb`, with the objects coordinated with them."""
    out = []
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd") and child.pos_ in (*_NOUNS, "PRON", "NUM", "ADJ"):
            out.append(child)
            out.extend(c for c in child.conjuncts if c.i > child.i and c.pos_ in _NOUNS)
    return out


def _shared_objects(verb: Token) -> list[Token]:
    """The object of the verb `verb` is coordinated with ("write and publish documentation"), when
    it has no complement of its own ("works with the team and covers the code": no object)."""
    if any(c.dep_ in ("prep", "xcomp", "ccomp") for c in verb.children):
        return []
    for other in verb.conjuncts:
        if other.i > verb.i and other.pos_ == "VERB":
            objects = _objects(other)
            if objects:
                return objects
    return []


def _noun_phrases(head: Token, rules: Rules) -> list[list[Token]]:
    """The compact noun phrases `head` stands for: its naming modifiers and itself, through a frame
    noun ("knowledge of SQL" -> SQL) and without judging words ("strong SQL skills" -> SQL skills)."""
    if head.pos_ not in _NOUNS:
        return []
    compound = any(c.dep_ == "compound" and c.pos_ in _NOUNS for c in head.lefts)
    of = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    if _listed(head, rules, "frame_nouns") and (of or not compound):
        # "knowledge of SQL" frames SQL; "user experience", "SQL skills" name a thing
        inner = _of_phrases(head, rules, ("of", "in", "with", "for", "on", "about", *_EXAMPLE_PREPS))
        mods = _modifiers(head, rules)
        if not inner and mods:
            return [mods + [head]]  # "project management skills"
        return inner
    if _listed(head, rules, "empty_heads") and not compound:
        # "the work", "things" name nothing ("test cases", "use cases" do); "a level of domain
        # expertise", "a variety of tools" name what follows "of"
        return _of_phrases(head, rules, ("of", *_EXAMPLE_PREPS))
    if not _WORD.fullmatch(head.text):
        return []  # "mentee(s", "50%"
    np = _hyphen_start(_modifiers(head, rules) + [head])
    for prep in head.children:  # "quality of the code", "attention to details"
        if prep.dep_ == "prep" and prep.lower_ in ("of", "to") and prep.i == head.i + 1:
            pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in _NOUNS), None)
            if pobj is not None and _WORD.fullmatch(pobj.text) and not _listed(pobj, rules, "empty_heads"):
                np += [prep, *_modifiers(pobj, rules), pobj]
    limit = int(rules.vocab.data.get("max_phrase_words") or 6)
    return [np[-limit:], *_coordinated(head, rules)]


def _hyphen_start(np: list[Token]) -> list[Token]:
    """`np` with the first half of a hyphenated word it starts inside ("Lo-fi sketching", which
    the parser reads as "Lo" and "fi sketching")."""
    doc = np[0].doc
    i = np[0].i
    while i >= 2 and glued_hyphen_after(doc[i - 2]) and not doc[i - 1].whitespace_ and doc[i - 2].is_alpha:
        i -= 2
        np = [doc[i], *np]
    return np


def _coordinated(head: Token, rules: Rules) -> list[list[Token]]:
    """The other kinds a head is said of: "functional or black-box testing" -> black-box testing,
    "visual and interaction design" -> interaction design."""
    out = []
    for mod in head.lefts:
        if mod.dep_ not in _KEEP_MODS:
            continue
        for other in mod.conjuncts:
            if mod.i < other.i < head.i and other.pos_ in ("ADJ", "NOUN", "PROPN") and other.is_alpha:
                if not _listed(other, rules, "vague_modifiers"):
                    out.append([*(t for t in _modifiers(other, rules) if t.i < other.i), other, head])
    return out


def _of_phrases(head: Token, rules: Rules, preps: tuple[str, ...] = ("of",)) -> list[list[Token]]:
    """The noun phrases of what `head` frames or stands for: "knowledge of SQL and Python" -> SQL;
    Python; "tasks such as data modeling and schema design" -> data modeling; schema design."""
    inner: list[list[Token]] = []
    for prep in head.children:
        if prep.lower_ == "as" and not any(c.lower_ == "such" for c in prep.children):
            continue  # "tasks such as X" gives X; "tasks as a team" does not
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.i > head.i:
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                inner.extend(_noun_phrases(pobj, rules))
                for conj in pobj.conjuncts:
                    if conj.i > pobj.i:
                        inner.extend(_noun_phrases(conj, rules))
    return inner


def _modifiers(head: Token, rules: Rules) -> list[Token]:
    """The modifiers of `head` that name what it is ("data" in "data pipelines"), left to right."""
    out: list[Token] = []
    for child in head.lefts:
        if child.dep_ not in _KEEP_MODS:
            continue
        if _listed(child, rules, "vague_modifiers") and child.pos_ != "PROPN":
            continue  # "strong SQL skills" -> SQL skills; but "Big Data tools" names a thing
        if _listed(child, rules, "dropped_modifiers"):
            continue
        if not (child.is_alpha or "-" in child.text) or child.pos_ in ("DET", "NUM", "PRON", "ADV"):
            continue
        if child.pos_ == "ADP":  # "on-call rotations": the parser splits "on-call" into on (- call)
            doc = child.doc
            if child.i + 2 < head.i and glued_hyphen_after(child) and doc[child.i + 2].head.i == child.i:
                out.extend((child, doc[child.i + 2]))
            continue
        out.extend(t for t in _modifiers(child, rules) if t.i < child.i)
        out.append(child)
    return [t for t in out if t.i < head.i]


def _word(token: Token) -> str:
    text = token.text
    return text if len(text) > 1 and text.isupper() else text.lower()


def _phrase(
    tokens: list[Token], anchor: int, np: list[Token], verb: str | None = None, ordered: bool = False
) -> Phrase:
    """A Phrase over `tokens`: a verb's gerund and its object, or the noun phrase alone. The words
    go in text order, or as given when `ordered` ("sites are optimized" -> optimizing sites)."""
    if not ordered:
        tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    doc = tokens[0].doc
    joined = tokens[:1]
    for a, b in pairwise(tokens):  # "back-end", "CI/CD": keep the joining mark
        if b.i == a.i + 2 and doc[a.i + 1].text in ("-", "/") and not a.whitespace_:
            joined.append(doc[a.i + 1])
        joined.append(b)
    words = [(_word(t), t.lemma_.lower()) for t in joined]
    if verb is not None:
        words[0] = (gerund(verb), verb)
    label = key = ""
    for n, (t, (word, lemma)) in enumerate(zip(joined, words, strict=True)):
        glued = n and joined[n - 1].i == t.i - 1 and not joined[n - 1].whitespace_
        label += ("" if glued or not n else " ") + word
        key += ("" if glued or not n else " ") + lemma
    first = min((t.i for t in np), default=-1)
    return Phrase(label, key, min(t.i for t in joined), max(t.i for t in joined) + 1, anchor, verb or "", first)


def _distinct(phrases: list[Phrase]) -> list[Phrase]:
    seen: set[str] = set()
    out = []
    for p in phrases:
        if p.key not in seen:
            seen.add(p.key)
            out.append(p)
    return out
