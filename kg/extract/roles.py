"""Role mentions: noun phrases headed by a role noun ("growth engineers"), known names ("PMs"), and
person nouns that are not roles ("users", "teams") but still stand as antecedents of pronouns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc, Token

from kg.extract.docs import attr_strings
from kg.extract.grammar import NOUNS as _NOUNS
from kg.extract.grammar import SUBJECT_DEPS
from kg.extract.rules import ROLE_SPANS, Rules, squash

_MODIFIER_DEPS = {"compound", "amod", "nmod", "punct", "npadvmod", "nummod"}


@dataclass
class Mention:
    """A noun phrase naming people: `roles` holds the role it names, empty for other people."""

    start: int
    end: int
    head: int
    roles: tuple[str, ...]
    text: str
    level: str = ""  # "staff" in "staff engineers": the role is a level of `base`
    base: str = ""  # the role without its level ("engineer")


def head_of(token: Token, rules: Rules) -> str | None:
    """The singular role head `token` is a form of ('engineers' -> 'engineer'), if any."""
    for key in (token.lemma_.lower(), token.lower_):
        if key in rules.head_forms:
            return rules.head_forms[key]
    return None


def role_mentions(doc: Doc, rules: Rules, short_forms: Mapping[str, str] | None = None) -> list[Mention]:
    """Every phrase in `doc` that names a role or people, in token order.

    A generic head alone ("engineers", "analysts") names a role only when `short_forms` maps it to
    one (see `short_forms`); otherwise it is a mention of people, like "users".
    """
    short_forms = short_forms or {}
    mentions, covered = _named_roles(doc)
    people = rules.word_set("people_nouns")
    modifiers_of: dict[int, list[str]] = {}  # the role modifiers of each head-noun mention
    # token attributes read from arrays: a Token object is made only for nouns that may be mentions
    texts, lowers, lemmas, tags = attr_strings(doc, ORTH, LOWER, LEMMA, POS)
    initials = {form + s for form in short_forms for s in ("", "s")}  # what the acronym check can find
    for i, (text, lower, tag) in enumerate(zip(texts, lowers, tags, strict=True)):
        if (tag not in _NOUNS and not lower.endswith("ers") and text not in initials) or i in covered:
            continue  # neither a noun nor a title role's initials: most tokens, ruled out early
        role = _initials_role(text, short_forms)
        if role is not None:
            mentions[i] = Mention(i, i + 1, i, (role,), text)
        elif _may_name_people(tag, lower, lemmas[i].lower(), rules, people) and not _modifies_noun(doc[i], rules):
            mention, mods = _noun_mention(doc, doc[i], rules, short_forms, people)
            if mention is not None:
                mentions[i] = mention
            if mods is not None:
                modifiers_of[i] = mods
    for i, mods in modifiers_of.items():
        borrowed = _borrowed_modifiers(doc[i], mods, mentions, rules)
        if borrowed is not None:
            mentions[i] = borrowed
    for i, mention in _discipline_mentions(doc, rules, covered | set(mentions)):
        mentions[i] = mention
    return [mentions[i] for i in sorted(mentions)]


def _discipline_mentions(doc: Doc, rules: Rules, taken: set[int]) -> list[tuple[int, Mention]]:
    """Disciplines that are a clause's subject, as the role that practises them: "Product engineering
    is about shipping fast" -> product engineer (kg/data/roles.yaml discipline_roles)."""
    heads = rules.vocab.data.get("discipline_roles") or {}
    out = []
    for token in doc:
        head = heads.get(token.lower_)
        if head is None or token.i in taken or token.dep_ not in SUBJECT_DEPS:
            continue
        mods = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.i not in taken]
        if not mods or not all(squash(m.text) in rules.modifiers for m in mods):
            continue  # "product engineering", "growth engineering"; not "the proposed design"
        start = mods[0].i
        roles, _ = roles_in_text(" ".join([*(m.text for m in doc[start : token.i]), head]), rules)
        if len(roles) == 1 and " " in roles[0]:
            out.append((token.i, Mention(start, token.i + 1, token.i, (roles[0],), doc[start : token.i + 1].text)))
    return out


def _named_roles(doc: Doc) -> tuple[dict[int, Mention], set[int]]:
    """The known role names the vocabulary marked in `doc`, by head token, and the tokens they cover."""
    mentions: dict[int, Mention] = {}
    covered: set[int] = set()
    for span in doc.spans.get(ROLE_SPANS, []):
        # "Tech leads review code" parsed as "Tech | leads": the name's subject word stands for it
        head = next((t.i for t in span if t.dep_ in SUBJECT_DEPS), span.root.i)
        mentions[head] = Mention(span.start, span.end, head, (span.label_,), span.text)
        covered.update(range(span.start, span.end))
    return mentions, covered


def _initials_role(text: str, short_forms: Mapping[str, str]) -> str | None:
    """The title role whose initials `text` is ("SEs" in "Sales engineer vs account executive")."""
    acronym = text[:-1] if text.endswith("s") else text
    if len(acronym) >= 2 and acronym.isupper() and acronym in short_forms:
        return short_forms[acronym]
    return None


def _may_name_people(tag: str, lower: str, lemma: str, rules: Rules, people: frozenset[str]) -> bool:
    """A noun that is a role head or a people noun (from token strings, before making a Token)."""
    if not _is_noun(tag, lower, rules):
        return False
    return any(key in words for key in (lemma, lower) for words in (rules.head_forms, people))


def _modifies_noun(token: Token, rules: Rules) -> bool:
    """A noun that modifies the noun after it ("developer tooling"), unless the parser ran a role and
    its verb together ("growth engineers ship code"), the phrase has an object ("engineer ships the
    winner") or the noun after it is a word for a role ("the Project Manager role")."""
    return (
        token.dep_ in ("compound", "amod")
        and token.head.i > token.i
        and token.head.pos_ in _NOUNS
        and token.tag_ != "NNS"
        and not any(c.dep_ == "dobj" for c in token.head.children)
        and token.head.lemma_.lower() not in rules.word_set("role_words")
    )


def _noun_mention(
    doc: Doc, token: Token, rules: Rules, short_forms: Mapping[str, str], people: frozenset[str]
) -> tuple[Mention | None, list[str] | None]:
    """The mention a role head or people noun makes, and the role modifiers it has (None for people)."""
    head = head_of(token, rules)
    if head is None:
        if token.lemma_.lower() in people or token.lower_ in people:
            return Mention(token.i, token.i + 1, token.i, (), token.text), None
        return None, None
    start, mods, level = _modifiers(doc, token, rules)
    return _mention(doc, start, token, head, mods, rules, short_forms, level), mods


def _borrowed_modifiers(
    token: Token, mods: list[str], mentions: Mapping[int, Mention], rules: Rules
) -> Mention | None:
    """ "product engineers and managers": a bare generic head borrows the modifiers it is coordinated with."""
    head = head_of(token, rules)
    if mods or head not in rules.generic_heads or token.dep_ != "conj":
        return None
    other = mentions.get(token.head.i)
    if other is None or len(other.roles) != 1:
        return None
    *other_mods, other_head = other.roles[0].split()
    if not (
        other_mods
        and other_head in rules.head_forms
        and all(squash(w) in rules.modifiers for w in other_mods)
    ):
        return None
    name = " ".join([*other_mods, head])
    text = " ".join([*other_mods, token.text])
    return Mention(token.i, token.i + 1, token.i, (rules.known_roles.get(squash(name), name),), text)


def _is_noun(pos: str, lower: str, rules: Rules) -> bool:
    """A noun, or a plural role noun the tagger took for a verb ("Product engineers ship ...")."""
    return pos in _NOUNS or (lower.endswith("ers") and lower in rules.head_forms)


def _mention(
    doc: Doc,
    start: int,
    token: Token,
    head: str,
    mods: list[str],
    rules: Rules,
    short_forms: Mapping[str, str],
    level: str = "",
) -> Mention:
    text = doc[start : token.i + 1].text
    if not mods and not level and (head in rules.generic_heads or head in short_forms):
        role = short_forms.get(head)  # "the designer" in "Product manager and product designer"
        return Mention(start, token.i + 1, token.i, (role,) if role else (), text)
    name = " ".join([*mods, head])
    base = rules.known_roles.get(squash(name), name)
    if level:
        leveled = f"{level} {base}"
        return Mention(start, token.i + 1, token.i, (leveled,), text, level, base)
    return Mention(start, token.i + 1, token.i, (base,), text)


def _modifiers(doc: Doc, token: Token, rules: Rules) -> tuple[int, list[str], str]:
    """The role-naming modifiers left of `token` and its level ('senior full-stack product engineer'
    -> full-stack, product; senior)."""
    start = token.i
    while start > 0:
        left = doc[start - 1]
        if left.dep_ not in _MODIFIER_DEPS or not (start - 1 < left.head.i <= token.i):
            break
        if left.dep_ == "punct" and left.text not in ("-", "/"):
            break
        start -= 1
    words = _words(doc, start, token.i)
    mods: list[str] = []
    kept_from = token.i
    skipped = False
    level = ""
    i = len(words)
    while i > 0:
        for n in (3, 2, 1):
            if n > i:
                continue
            chunk = words[i - n : i]
            key = squash(" ".join(w for w, _, _ in chunk))
            if key in rules.modifiers:
                mods[:0] = [rules.modifiers[key]]
                i -= n
                kept_from = chunk[0][1]
                break
        else:
            word, first, tag = words[i - 1]
            key = squash(word)
            if key in rules.levels and not level and not skipped:
                level = rules.levels[key]  # "staff engineers": a level of engineer, kept
                kept_from = first
                i -= 1
                continue
            if level and key not in rules.dropped:
                break  # "mentor junior developers": the level is the name's first word
            if key in rules.dropped:
                skipped = True
                i -= 1
                continue
            if skipped:
                break  # "mentor junior developers": a noun left of "junior" is not part of the role
            if (
                tag == "NN"
                and word.isalpha()
                and word.lower() not in rules.not_modifiers
                and not _heads_own_phrase(doc[first])
            ):
                mods[:0] = [word.lower()]
                kept_from = first
                i -= 1
                continue
            break
    return (kept_from if mods or level else token.i), mods, level


def _heads_own_phrase(token: Token) -> bool:
    """A noun with its own determiner or adjective ("The biggest complaint engineers have") heads
    another phrase the parser ran together with the role."""
    return any(c.dep_ in ("det", "amod", "poss", "nummod") for c in token.children)


def _words(doc: Doc, start: int, end: int) -> list[tuple[str, int, str]]:
    """Tokens [start, end) joined into words where no space separates them ('full-stack'), with the
    fine-grained tag of each word's last token (NN: a singular common noun)."""
    words: list[tuple[str, int, str]] = []
    for i in range(start, end):
        tok = doc[i]
        if (
            words
            and i > start
            and not doc[i - 1].whitespace_
            and (tok.text in "-/" or doc[i - 1].text in "-/")
        ):
            text, first, tag = words[-1]
            words[-1] = (text + tok.text, first, tok.tag_ if tok.text not in "-/" else tag)
        else:
            words.append((tok.text, i, tok.tag_))
    return words


def short_forms(title_roles: list[str] | tuple[str, ...], bare: set[str], rules: Rules) -> dict[str, str]:
    """What a generic head alone stands for in a post: itself when the title uses it alone ("Stop
    treating engineers differently"), else the one title role it heads ("Data scientist vs data
    analyst": "analysts" are data analysts), unless the title's roles share that head; and what the
    initials of a title role stand for ("SE" in "Sales engineer vs account executive")."""
    forms = {head: head for head in bare}
    heads: dict[str, list[str]] = {}
    for role in title_roles:
        head = role.split()[-1]
        if head in rules.head_forms and " " in role:
            heads.setdefault(head, []).append(role)
    for head, roles in heads.items():
        if len(roles) == 1 and head not in rules.word_set("broad_heads"):
            forms.setdefault(head, roles[0])
    # "Sales engineer vs account executive": "SEs" and "AE" are the title's roles by their initials
    initials: dict[str, list[str]] = {}
    for role in title_roles:
        words = role.split()
        if 2 <= len(words) <= 4:
            initials.setdefault("".join(w[0] for w in words).upper(), []).append(role)
    for acronym, roles in initials.items():
        known = rules.known_roles.get(squash(acronym))
        if len(roles) == 1 and known in (None, roles[0]):
            forms[acronym] = roles[0]
    return forms


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


def roles_in_text(text: str, rules: Rules) -> tuple[list[str], set[str]]:
    """Roles named in a plain string such as a post title, without parsing it.

    Returns the roles (vocabulary modifiers + head, or known names) and the generic heads the
    text uses alone ("Stop treating engineers differently" -> {"engineer"}).
    """
    words = _WORD.findall(text)
    roles: list[str] = []
    bare: set[str] = set()
    lowered = [w.lower().rstrip(".") for w in words]
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            chunk = " ".join(words[i : i + n])
            canonical = rules.known_roles.get(squash(chunk))
            if canonical and (n > 1 or not chunk.islower() or chunk.lower() not in rules.head_forms):
                roles.append(canonical)
                i += n
                break
        else:
            head = rules.head_forms.get(lowered[i].replace("’s", "").replace("'s", ""))
            if head is not None:
                mods: list[str] = []
                level = ""
                j = i
                while j > 0:
                    key = squash(lowered[j - 1])
                    if key in rules.modifiers and not level:
                        mods.insert(0, rules.modifiers[key])
                    elif key in rules.levels and not level:
                        level = rules.levels[key]
                    elif key not in rules.dropped:
                        break
                    j -= 1
                if mods or level:
                    name = " ".join([*mods, head])
                    base = rules.known_roles.get(squash(name), name)
                    roles.append(f"{level} {base}" if level else base)
                elif head in rules.generic_heads:
                    bare.add(head)
                else:
                    roles.append(head)
            i += 1
    return list(dict.fromkeys(roles)), bare
