"""Who a clause is about: its subject's role, a pronoun's antecedent, "both roles", or the context.

The resolver reads a post's sentences in order and remembers, per sentence, the people-phrases
it met (role mentions, people nouns, resolved pronouns) and the roles the sentence was about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice

from spacy.attrs import DEP, LOWER, POS
from spacy.tokens import Doc, Span, Token

from kg.extract.docs import attr_strings
from kg.extract.grammar import (
    DEMONSTRATIVES,
    FIRST_PERSON,
    RELATIVES,
    SECOND_PERSON,
    SUBJECT_DEPS,
    THIRD_PERSON,
    glued_hyphen_after,
)
from kg.extract.grammar import NOUNS as _NOUNS
from kg.extract.roles import Mention
from kg.extract.rules import Rules
from kg.extract.vocab import load_vocab

GROUP_WORDS = {"both", "each", "all", "either"}
NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
HISTORY = 12  # sentences a pronoun looks back for its antecedent


@dataclass
class Referent:
    """A people-phrase in a sentence: where it is, the roles it names (empty: people, not a role)."""

    token: int
    roles: tuple[str, ...]
    subject: bool
    main: bool = False  # subject of the sentence's main clause
    excluded: bool = False  # "Unlike EMs, ...": set aside, so never what a pronoun means


@dataclass
class Sentence:
    """What the resolver remembers of a sentence it has read."""

    piece: int
    section: tuple[str, ...]
    referents: list[Referent] = field(default_factory=list)
    roles: tuple[str, ...] = ()
    you: tuple[str, ...] = ()  # whom "you" means here ("As a product engineer, you ...")
    heading: bool = False


# What a clause's subject turned out to be.
ROLES, BLOCK, INHERIT, NONE = "roles", "block", "inherit", "none"


@dataclass(frozen=True)
class Who:
    """The outcome of resolving a clause: a kind (ROLES, BLOCK, INHERIT, NONE) and roles."""

    kind: str
    roles: tuple[str, ...] = ()
    as_roles: tuple[str, ...] = ()  # "As a product engineer, ..." on the clause
    negated: bool = False  # BLOCK because the clause is negated, excluded or prevented


NEGATED = Who(BLOCK, negated=True)
_EXCLUSION_DEPS = ("prep", "advmod", "mark", "cc", "pcomp")  # how "rather", "than", "without" attach


@dataclass
class _Climb:
    """Where `Resolver.clause` is on its way from a phrase's root up to the sentence root."""

    start: int
    end: int
    sent: Span
    root: Token  # the phrase's root, where the climb starts
    t: Token  # the word reached
    as_roles: tuple[str, ...]  # "As a product engineer, ..." on the sentence
    exclusions: frozenset[str]
    blocking: frozenset[str]
    negators: frozenset[str]
    came_from: int = -1  # the word below `t` the climb came from
    in_noun_phrase: bool = True  # until the climb reaches a verb, a possessor owns the phrase

    @property
    def at_root(self) -> bool:
        """Whether the word reached is the sentence root."""
        return self.t.head.i == self.t.i


def _excluded_above(verb: Token, exclusions: frozenset[str]) -> bool:
    """Whether the clause of `verb` hangs under "rather than", "instead of", "unlike", "without"."""
    t = verb
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in exclusions for c in t.children):
            return True  # "than the team lead makes the call"
        if t.head.i == t.i:
            return False
        if t.lower_ in exclusions and t.dep_ in _EXCLUSION_DEPS:
            return True
        t = t.head
    return False


@cache
def _default_negators() -> frozenset[str]:
    """The negating adverbs of kg/data/ alone, for callers that have no Rules at hand."""
    return load_vocab().words("negating_adverbs")


def _negates(child: Token, negators: frozenset[str]) -> bool:
    """A child that negates its verb: "not", "no longer", or one of `negators` ("never", "rarely")."""
    if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in negators):
        return True
    return (
        child.dep_ == "advmod" and child.lower_ == "longer" and any(c.lower_ == "no" for c in child.children)
    )


def negated_verb(token: Token, negators: frozenset[str] | None = None) -> Token | None:
    """The verb above `token` that "not", "never", "no longer" or "rarely" negates, if any: a denial,
    as opposed to a clause blocked by "rather than" or "avoid". `negators`: the vocabulary's
    negating adverbs (default: kg/data/'s; `Resolver.negated_verb` passes the taxonomy's)."""
    negators = _default_negators() if negators is None else negators
    t = token
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and any(_negates(c, negators) for c in t.children):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _under_exclusion(token: Token, exclusions: frozenset[str]) -> bool:
    """Whether a noun is the object of "unlike", "rather than", "instead of", "except"."""
    head = token.head
    return token.dep_ == "pobj" and (
        head.lower_ in exclusions or (head.head.i != head.i and head.head.lower_ in exclusions)
    )


def _unique(roles: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(roles))


class Resolver:
    """Resolves subjects and pronouns sentence by sentence through one post."""

    def __init__(
        self, rules: Rules, you_roles: tuple[str, ...] = (), title_roles: tuple[str, ...] = ()
    ) -> None:
        self.rules = rules
        self.you_roles = you_roles  # whom "you" means in this post ("Getting started as a PM")
        self.title_roles = title_roles  # "Growth engineer vs data scientist": what "both roles" falls back to
        self.history: list[Sentence] = []
        self.piece_last: dict[int, Sentence] = {}
        self.current: Sentence | None = None
        self._by_token: dict[int, Referent] = {}
        self._mentions: dict[int, Mention] = {}
        self.topic: tuple[str, ...] = ()
        self._doc: Doc | None = None
        self._as_doc: Doc | None = None  # the sentence _as_roles_in last looked at, and what it found
        self._as_bounds = (0, 0)
        self._as_roles: tuple[str, ...] = ()
        self._doc_strings: tuple[list[str], list[str], list[str]] = ([], [], [])

    # -- reading a sentence -------------------------------------------------------------------

    def read(
        self,
        piece: int,
        section: tuple[str, ...],
        sent: Span,
        mentions: list[Mention],
        topic: tuple[str, ...] = (),
        heading: bool = False,
    ) -> Sentence:
        """Record the people-phrases of `sent` (resolving its pronouns); call before `who`."""
        self.topic = topic
        current = Sentence(piece, section, heading=heading)
        self.current = current
        self._subjects: list[Token] = []
        self._by_token = {}
        self._mentions = {m.head: m for m in mentions if sent.start <= m.head < sent.end}
        self._as_doc = None  # what _as_roles_in found depends on the mentions
        current.you = self._as_roles_in(sent) or self._piece_you_for(piece)
        deps, tags, lowers = self._strings(sent.doc)
        for i in range(sent.start, sent.end):
            subject = deps[i] in SUBJECT_DEPS
            if not (
                subject
                or i in self._mentions
                or (tags[i] == "PRON" and (lowers[i] in THIRD_PERSON or lowers[i] in SECOND_PERSON))
            ):
                continue  # none of the cases below: no Token object needed
            token = sent.doc[i]
            ref: Referent | None = None
            if subject:
                self._subjects.append(token)
            if token.i in self._mentions:
                titled = token.dep_ == "appos" and (
                    token.head.ent_type_ == "PERSON" or token.head.pos_ == "PROPN"
                )
                # "Jean-Michel Lemieux, former VP of Engineering at Shopify, ...": a person's title
                ref = Referent(token.i, () if titled else self._mentions[token.i].roles, subject)
            elif token.pos_ == "PRON" and token.lower_ in THIRD_PERSON:
                ref = Referent(token.i, self._antecedent(token, current), subject)
            elif token.pos_ == "PRON" and token.lower_ in SECOND_PERSON:
                ref = Referent(token.i, current.you or self.you_roles, subject)
            elif subject and (token.pos_ == "PROPN" or token.ent_type_ in ("ORG", "PERSON")):
                if not glued_hyphen_after(token):  # not "Lo" of "Lo-fi sketching"
                    ref = Referent(token.i, (), True)  # "incident.io is looking ...": they = the company
            if ref is not None:
                ref.main = subject and token.head.dep_ == "ROOT"
                ref.excluded = _under_exclusion(token, self.rules.word_set("exclusion_words"))
                current.referents.append(ref)
                self._by_token[token.i] = ref
        return current

    def _strings(self, doc: Doc) -> tuple[list[str], list[str], list[str]]:
        """The dependency label, POS and lower-cased text of each token of `doc` (the last doc read)."""
        if self._doc is not doc:
            self._doc = doc
            deps, tags, lowers = attr_strings(doc, DEP, POS, LOWER)
            self._doc_strings = (deps, tags, lowers)
        return self._doc_strings

    def finish(self, roles: tuple[str, ...]) -> None:
        """Close the current sentence with the roles it was about."""
        assert self.current is not None
        self.current.roles = roles
        self.history.append(self.current)
        self.piece_last[self.current.piece] = self.current
        self.current = None

    def _piece_you_for(self, piece: int) -> tuple[str, ...]:
        last = self.piece_last.get(piece)
        return last.you if last is not None else ()

    def _as_roles_in(self, sent: Span) -> tuple[str, ...]:
        """The role of an opening "As a product engineer, ..." in `sent` (the sentence being read)."""
        doc, bounds = sent.doc, (sent.start, sent.end)
        if self._as_doc is not doc or self._as_bounds != bounds:
            self._as_doc, self._as_bounds, self._as_roles = doc, bounds, self._find_as_roles(sent)
        return self._as_roles

    def _find_as_roles(self, sent: Span) -> tuple[str, ...]:
        words = [t for t in sent if not t.is_punct and not t.is_quote][:6]
        if not words:
            return ()
        first = words[0]
        if first.lower_ != "as":  # "In my role as a PM, I ...", "In my job as a data engineer, ..."
            if first.lower_ not in ("in", "during") or len(words) < 4 or words[1].lower_ not in ("my", "our"):
                return ()
            if words[2].lemma_.lower() not in self.rules.word_set("role_words") or words[3].lower_ != "as":
                return ()
            first = words[3]
        for child in first.children:
            if child.dep_ == "pobj" and child.i in self._mentions:
                return self._mentions[child.i].roles
        return ()

    # -- antecedents ----------------------------------------------------------------------------

    def _antecedent(self, pronoun: Token, current: Sentence) -> tuple[str, ...]:
        """The roles of the phrase a third-person pronoun refers to (empty if not a role)."""
        ahead = self._cataphora(pronoun)
        if ahead is not None:
            return ahead
        before = [r for r in current.referents if not r.excluded]
        if before:
            if pronoun.dep_ in SUBJECT_DEPS:
                subjects = [r for r in before if r.subject]
                if subjects:
                    return subjects[-1].roles
            return before[-1].roles
        for past in self._recent(current.section):
            if past.heading and not any(r.roles for r in past.referents):
                break  # "### Curiosity about users" / "They watch ...": they are whom the section is about
            if past.referents:
                main = [r for r in past.referents if r.main]
                subjects = [r for r in past.referents if r.subject]
                return (main or subjects or past.referents)[-1].roles
        return self.topic

    def _cataphora(self, pronoun: Token) -> tuple[str, ...] | None:
        """The main subject a pronoun in a fronted clause points ahead to: "Because they build
        prototypes, product engineers ..." (None when the pronoun is not in such a clause)."""
        clause = pronoun.head
        if pronoun.dep_ not in SUBJECT_DEPS or clause.dep_ != "advcl" or clause.i > clause.head.i:
            return None
        for child in clause.head.children:
            if child.dep_ in SUBJECT_DEPS and child.i > pronoun.i and child.i in self._mentions:
                return self._mentions[child.i].roles or None
        return None

    def _recent(self, section: tuple[str, ...]) -> list[Sentence]:
        """Earlier sentences of this section and its parents, nearest first."""
        out = []
        for past in reversed(self.history[-HISTORY:]):
            if section[: len(past.section)] == past.section:
                out.append(past)
        return out

    def recent_roles(self, n: int, section: tuple[str, ...]) -> tuple[str, ...]:
        """The last `n` distinct roles named before, for "both roles" and "both"; in a post whose
        title compares `n` roles ("Product engineer vs product manager"), those roles, unless the
        sentence itself names `n` others."""
        found: list[str] = []
        if len(self.title_roles) == n:
            named = _unique([r for ref in (self.current.referents if self.current else []) for r in ref.roles])
            if len(named) < n:
                return self.title_roles
        sentences = ([self.current] if self.current else []) + self._recent(section)
        for past in sentences:
            for ref in reversed(past.referents):
                for role in ref.roles:
                    if role not in found:
                        found.append(role)
            if len(found) >= n:
                return tuple(found[:n])
        if len(self.title_roles) >= n:
            return self.title_roles[:n]
        return ()

    def previous_roles(self, piece: int, section: tuple[str, ...]) -> tuple[str, ...]:
        """The roles the previous sentence (same piece, else the same section) was about."""
        if self.history and (self.history[-1].piece == piece or self.history[-1].section == section):
            return self.history[-1].roles
        return ()

    # -- subjects -------------------------------------------------------------------------------

    def subject(self, token: Token, depth: int = 0) -> Who:
        """What a clause subject stands for."""
        low = token.lower_
        ref = self._by_token.get(token.i)
        if ref is not None:
            roles = list(ref.roles)
            for other in token.conjuncts:
                if other.i in self._by_token:
                    roles.extend(self._by_token[other.i].roles)
            return Who(ROLES, _unique(roles)) if roles else Who(BLOCK)
        section = self.current.section if self.current else ()
        group = self._group_size(token)
        if group:
            roles = self.recent_roles(group, section)
            return Who(ROLES, roles) if roles else Who(BLOCK)
        if low in RELATIVES and token.head.dep_ in ("relcl", "acl") and depth < 3:
            return self.subject(token.head.head, depth + 1)
        if low in FIRST_PERSON:
            return Who(BLOCK)
        if low in DEMONSTRATIVES and low != "it" and token.pos_ in ("PRON", "DET"):
            if token.head.lemma_ == "be" and any(c.dep_ == "attr" for c in token.head.children):
                return Who(BLOCK)  # "This is a valid strategy": what a thing is, not what someone does
            return Who(INHERIT)
        named = token.lemma_.lower() in self.rules.word_set("role_words")
        for child in token.children:
            if child.dep_ == "poss" and child.i in self._by_token:
                roles = self._by_token[child.i].roles
                return Who(ROLES, roles) if roles else Who(BLOCK)
            if named and child.dep_ == "compound" and child.i in self._by_token and self._by_token[child.i].roles:
                return Who(ROLES, self._by_token[child.i].roles)  # "the Project Manager role is ..."
            if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                for pobj in child.children:
                    if pobj.i in self._by_token and self._by_token[pobj.i].roles:
                        return Who(ROLES, self._by_token[pobj.i].roles)
                    if pobj.lemma_.lower() in self.rules.word_set("share_nouns"):
                        # "Most of their week is spent shipping code": the week's owner does it
                        owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
                        if owner is not None and owner.i in self._by_token and self._by_token[owner.i].roles:
                            return Who(ROLES, self._by_token[owner.i].roles)
        return Who(BLOCK)

    def _group_size(self, token: Token) -> int:
        """2 for "both" / "both roles" / "these two jobs", n for "all n roles", else 0."""
        low = token.lower_
        if low in GROUP_WORDS and token.pos_ in ("PRON", "DET", "NOUN"):
            return 2 if low in ("both", "either") else 0
        if token.lemma_.lower() in self.rules.word_set("role_words"):
            size = 0
            for child in token.children:
                word = child.lower_
                if word in ("both", "either"):
                    size = 2
                elif word in NUMBERS:
                    size = NUMBERS[word]
                elif word in ("these", "those") and not size:
                    size = 2
            return size
        return 0

    def clause(self, start: int, end: int, sent: Span) -> Who:
        """Who the clause holding tokens [start, end) is about; BLOCK when it is negated or excluded.

        Climbs from the phrase's root to the sentence root; at each word the checks of
        `_CLAUSE_CHECKS` are tried in order and the first that decides gives the answer."""
        rules = self.rules
        root = sent.doc[start:end].root
        c = _Climb(
            start, end, sent, root, root, self._as_roles_in(sent), rules.word_set("exclusion_words"),
            rules.word_set("blocking_verbs"), rules.word_set("negating_adverbs"),
        )  # fmt: skip
        for _ in range(40):
            for check in _CLAUSE_CHECKS:
                who = check(self, c)
                if who is not None:
                    return who
            c.came_from = c.t.i
            c.t = c.t.head
        return Who(NONE, as_roles=c.as_roles)

    # -- the checks of a clause's climb, in the order `clause` tries them -----------------------

    def _excluded_word(self, c: _Climb) -> Who | None:
        """ "rather than shipping", "instead of specs": an exclusion word on the way up."""
        t = c.t
        if (t.i != c.root.i or t.dep_ == "prep") and t.lower_ in c.exclusions and t.dep_ in _EXCLUSION_DEPS:
            return NEGATED
        return None

    def _negated_verb(self, c: _Climb) -> Who | None:
        """A verb negated by "not", "never", "rarely" ("PMs don't write code")."""
        if c.t.pos_ not in ("VERB", "AUX"):
            return None
        c.in_noun_phrase = False  # above a verb, a possessor no longer owns the phrase
        return NEGATED if any(_negates(x, c.negators) for x in c.t.children) else None

    def _possessor(self, c: _Climb) -> Who | None:
        """Within the phrase's own noun phrase, its possessor: "a product engineer's responsibility",
        "the team's decisions"."""
        if not c.in_noun_phrase or c.t.pos_ not in _NOUNS:
            return None
        if any(x.dep_ == "poss" and x.lower_ in FIRST_PERSON for x in c.t.children):
            return Who(BLOCK)  # "the PM keeps cutting scope from my designs": the writer's designs
        owner = next((x for x in c.t.children if x.dep_ == "poss" and x.i in self._by_token), None)
        if owner is None:
            return None
        roles = self._by_token[owner.i].roles
        return Who(ROLES, roles, c.as_roles) if roles else Who(BLOCK)

    def _blocking_verb(self, c: _Climb) -> Who | None:
        """A verb above the phrase whose object is not done: "avoid writing specs"."""
        t = c.t
        if t.i != c.root.i and t.pos_ == "VERB" and t.lemma_.lower() in c.blocking:
            return NEGATED
        return None

    def _subject_of(self, c: _Climb) -> Who | None:
        """The subject of the word reached (a noun has one only when a person does it: "engineers ...
        ship on their own", not a fragment "flags and ... platforms"); a clausal subject blocks."""
        t = c.t
        for child in t.children:
            if child.dep_ in SUBJECT_DEPS and (t.pos_ not in _NOUNS or child.i in self._by_token):
                return self._from_subject(c, child)
            if child.dep_ == "csubj" and child.i != c.root.i:
                return Who(BLOCK, as_roles=c.as_roles)
        return None

    def _from_subject(self, c: _Climb, subject: Token) -> Who | None:
        """What the subject `subject` of the word reached makes of the clause (None: climb on)."""
        t = c.t
        if _excluded_above(t, c.exclusions):
            return NEGATED  # "Rather than the team lead making the call, ..."
        if subject.dep_ == "nsubjpass" and (c.start <= t.i < c.end or subject.i == c.came_from):
            # "each engineer is empowered", "every launch is coordinated by PMs": the doer is the agent
            return self._agent(t)
        who = self.subject(subject)
        if who.kind == BLOCK and c.as_roles and subject.i not in self._by_token:
            return Who(ROLES, c.as_roles, c.as_roles)  # "As a PM, stakeholder work is key"
        if who.kind == BLOCK and self._caused(t, subject):
            return None  # "getting stakeholders aligned": the one who gets them aligned does it
        return replace(who, as_roles=c.as_roles)

    def _object_complement(self, c: _Climb) -> Who | None:
        """A complement of a verb's object describes the object: "managers keep their teams autonomous"."""
        t = c.t
        if t.dep_ not in ("oprd", "ccomp") or c.at_root:
            return None
        obj = next((x for x in t.head.children if x.dep_ == "dobj"), None)
        if obj is None:
            return None
        ref = self._by_token.get(obj.i)
        return Who(ROLES, ref.roles, c.as_roles) if ref is not None and ref.roles else Who(BLOCK)

    def _relative_clause(self, c: _Climb) -> Who | None:
        """A relative clause is about the noun it describes ("engineers who ship code")."""
        t = c.t
        infinitive = t.dep_ == "acl" or any(x.tag_ == "TO" for x in t.children)  # "a position to manage"
        if t.dep_ in ("acl", "relcl") and infinitive and t.head.lemma_.lower() in self.rules.word_set("frame_nouns"):
            return None  # "the ability to mediate disputes": whoever has the ability does it
        if t.dep_ in ("relcl", "acl") and not c.at_root and t.head.dep_ != "attr":
            return replace(self.subject(t.head), as_roles=c.as_roles)
        return None

    def _unasserted_clause(self, c: _Climb) -> Who | None:
        """A clause under a negated verb is not said either way: "That doesn't mean they write all
        the code"."""
        t = c.t
        if t.dep_ == "ccomp" and not c.at_root and any(_negates(x, c.negators) for x in t.head.children):
            return Who(BLOCK)
        return None

    def _governing_clause(self, c: _Climb) -> Who | None:
        """A clause under another verb: blocked by it ("don't force them to write the spec"), or
        about the role that verb's object names ("let PMs own the roadmap")."""
        t = c.t
        if t.dep_ not in ("xcomp", "ccomp", "advcl") or c.at_root:
            return None
        head = t.head
        if head.lemma_.lower() in c.blocking or (
            t.dep_ == "xcomp" and any(_negates(x, c.negators) for x in head.children)
        ):
            return NEGATED
        for child in head.children:
            if child.dep_ == "dobj" and child.i in self._by_token and self._by_token[child.i].roles:
                return Who(ROLES, self._by_token[child.i].roles, c.as_roles)
        return None

    def _sentence_root(self, c: _Climb) -> Who | None:
        """At the sentence root with nothing found: an opening role the parser left without a verb."""
        if not c.at_root:
            return None
        return self._leading_role(c.sent) or Who(NONE, as_roles=c.as_roles)

    def negated_verb(self, token: Token) -> Token | None:
        """`negated_verb` with this post's vocabulary (a --taxonomy's negating adverbs too)."""
        return negated_verb(token, self.rules.word_set("negating_adverbs"))

    def leading_group(self, sent: Span) -> tuple[str, ...]:
        """The roles of a sentence that opens with "Both" and a verb ("Both translate user needs
        into requirements"), which the parser often reads some other way."""
        lowers = self._strings(sent.doc)[2][sent.start : sent.end]
        if "both" not in lowers and "each" not in lowers:
            return ()  # most sentences: no need to look at their tokens
        words = list(islice((t for t in sent if not t.is_punct), 2))
        if len(words) < 2 or words[0].lower_ not in ("both", "each") or words[1].pos_ not in ("VERB", "AUX"):
            return ()
        return self.recent_roles(2, self.current.section if self.current else ())

    def _caused(self, verb: Token, subject: Token) -> bool:
        """Whether `verb` is what someone makes people do ("getting stakeholders aligned", "help the
        team align"): its subject is people, not a role, and a causative verb governs it."""
        ref = self._by_token.get(subject.i)
        return (
            ref is not None
            and not ref.roles
            and verb.pos_ == "VERB"  # "keeping teams autonomous" says what the teams are
            and verb.dep_ in ("ccomp", "xcomp", "oprd")
            and verb.head.lemma_.lower() in self.rules.word_set("causative_verbs")
        )

    def _agent(self, verb: Token) -> Who:
        """The doer of a passive skill verb: "features are shipped by product engineers"."""
        for prep in verb.children:
            if prep.dep_ == "agent":
                for pobj in prep.children:
                    if pobj.i in self._by_token and self._by_token[pobj.i].roles:
                        return Who(ROLES, self._by_token[pobj.i].roles)
        return Who(BLOCK)

    def adjacent_role(self, start: int, sent: Span) -> tuple[str, ...]:
        """Roles named right before a skill phrase that the parser did not make its subject
        ("growth engineers ship code" read as one noun phrase)."""
        i = start - 1
        skips = self.rules.word_set("adjacent_skips")
        while i >= sent.start and sent.doc[i].lower_ in skips:
            i -= 1
        mention = self._mentions.get(i)
        if mention is None or sent.doc[i].dep_ in SUBJECT_DEPS:
            return ()
        exclusions = self.rules.word_set("exclusion_words")
        if _excluded_above(sent.doc[i], exclusions):
            return ()  # "rather than the team lead making the call"
        return mention.roles

    def _leading_role(self, sent: Span) -> Who | None:
        """A sentence that opens with a role but parsed without a subject ("Product engineers ship bug
        fixes" read as one noun phrase): the opening role is the subject."""
        first = next((t for t in sent if t.pos_ not in ("DET", "PUNCT")), None)
        for head, mention in self._mentions.items():
            if first is not None and mention.start == first.i and mention.roles and head + 1 < sent.end:
                if sent.doc[head + 1].pos_ != "PUNCT":
                    return Who(ROLES, mention.roles)
        return None

    def sentence_roles(self) -> tuple[str, ...]:
        """The roles the current sentence's clauses have as subjects (its main clause first)."""
        roles: list[str] = []
        subjects = sorted(self._subjects, key=lambda t: (t.head.dep_ != "ROOT", t.i))
        for token in subjects:
            who = self.subject(token)
            if who.kind == ROLES:
                roles.extend(who.roles)
        return _unique(roles)


_CLAUSE_CHECKS = (
    Resolver._excluded_word,
    Resolver._negated_verb,
    Resolver._possessor,
    Resolver._blocking_verb,
    Resolver._unasserted_clause,
    Resolver._subject_of,
    Resolver._object_complement,
    Resolver._relative_clause,
    Resolver._governing_clause,
    Resolver._sentence_root,
)
