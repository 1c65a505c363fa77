"""Companies and people: from links, lists, quote attributions, "at X" cues and filtered entities."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from spacy.attrs import POS
from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token

from kg.extract.docs import SentenceText, sentences
from kg.extract.grammar import ONE_PERSON, glued_hyphen_after
from kg.extract.outline import Place
from kg.extract.roles import Mention
from kg.extract.rules import Rules, squash
from kg.facts import Evidence, Facts, evidence, node_id
from kg.links import is_external
from kg.model import Post

_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+|Mc[A-Z][a-z]+|[A-Z]'[A-Z][a-z]+)(?:-[A-Z][a-z]+)*$")
_COMPANY_WORD = re.compile(r"^[A-Z0-9][\w.&+'’-]*$|^[a-z0-9][\w-]*\.[a-z]{2,}$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ATTRIBUTION = re.compile(r"[\"”“]\s*[-–—]+\s*(?P<who>[^\"“”\n]{3,120})$")
_DASH_LINE = re.compile(
    r"^\s*(?:[-–—]+|~)\s*(?P<who>[^\"“”\n]{3,120})$"
)  # "— Name, Title at Org" below a quote
# '"Ship it fast," says Marius.': a quote credited to its speaker by a verb of saying
_SAYS = re.compile(
    r"[\"”]\s*(?:says|said|writes|wrote|explains|explained|notes|noted|adds|added)\s+"
    r"(?P<who>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})"
)
_CALLED_COMPANY = re.compile(
    r"\b(?P<name>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,2})(?: \(|, )(?:a|an) (?P<words>[a-z-]+(?: [a-z-]+){0,3})"
)
_AT_WE = re.compile(r"\b[Aa]t ((?:[A-Z][\w.&-]*)(?: [A-Z][\w.&-]*){0,3}),? (?:we|our|I)\b")
_AFFILIATION = re.compile(
    r"^,?\s*(?:the\s+|a\s+|an\s+)?(?:former\s+|ex-|current\s+|then\s+)?(?P<title>[^,;:()]{2,60})\s+"
    r"(?:at|@)\s+(?P<org>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})"
)
_TITLE_OF = re.compile(
    r"^,?\s*(?:the\s+|a\s+|an\s+)?(?:former\s+|ex-|current\s+|then\s+|now\s+)?(?P<title>[^,;:()]{2,60})\s+"
    r"of\s+(?P<org>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})"
)  # "Ant Wilson, CTO and co-founder of Supabase"
_LIST_REACH = 8  # words between "companies" and "like" in "companies with product engineers (like ..."
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|&|\+)\s*")
_LIST_STOP = re.compile(r"[)\].:;!?]\s|[)\]]|$")
_HEX = re.compile(r"^[0-9a-f]{7,}$")
_QUOTES = "\"'“”‘’«»"
_OWNED = re.compile(r"\w(?:'s|’s)\s+\S")  # "Brian's Job Search": something of someone's
_DETERMINERS = set("the a an every each our your their its my this that these".split())


# Words right before an organisation name that say it is one: "at Shopify", "joined Stripe".
def clean_name(text: str) -> str:
    """Strip a possessive, quotes and outer punctuation: 'Ashby’s' -> 'Ashby'."""
    text = " ".join(text.split()).strip(" \"'“”‘’()[]*_,.:;!?")
    return _POSSESSIVE.sub("", text).strip()


def is_company_name(text: str, rules: Rules) -> bool:
    """Whether `text` can be a company's name: short, capitalised or a domain, not a known non-entity."""
    words = text.split()
    if not 1 <= len(words) <= 4 or len(text) < 2 or text.lower() in rules.word_set("not_entities"):
        return False
    if words[0].lower() in _DETERMINERS or words[0].lower() in rules.word_set("not_entities"):
        return False
    if any(_HEX.match(w) or w.isdigit() for w in words):
        return False
    if not all(_COMPANY_WORD.match(w) for w in words):
        return False
    if any(w.lower() in rules.head_forms or squash(w) in rules.known_roles for w in words):
        return False
    if _discipline(words, rules):
        return False
    return not all(w.lower() in rules.word_set("not_entities") for w in words)


def _discipline(words: list[str], rules: Rules) -> bool:
    """Whether a name is a field of work: role modifiers and a discipline word ("Data Engineering",
    "Machine Learning")."""
    if len(words) < 2:
        return False
    if squash(" ".join(words)) in rules.modifiers:
        return True  # "Machine Learning", "Site Reliability"
    fields = rules.word_set("discipline_words")
    return words[-1].lower() in fields and all(squash(w) in rules.modifiers or w.lower() in fields for w in words[:-1])


def _first_name(text: str, rules: Rules) -> bool:
    """Whether `text` can be a person's first name: one capitalised word, not a role, tool or thing."""
    if not re.fullmatch(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?", text):
        return False
    low = text.lower()
    banned = rules.word_set("not_entities") | rules.word_set("people_nouns")
    return low not in banned and low not in rules.head_forms and low not in _DETERMINERS


def is_person_name(text: str, rules: Rules) -> bool:
    """Whether `text` looks like a person's full name ('Jean-Michel Lemieux'), not a title or thing."""
    words = text.split()
    if not 2 <= len(words) <= 3:
        return False
    if not all(_NAME_WORD.match(w) for w in words):
        return False
    banned = rules.word_set("not_entities") | rules.word_set("people_nouns")
    if _discipline(words, rules):
        return False
    return not any(w.lower() in banned or w.lower() in rules.head_forms for w in words)


class EntityFinder:
    """Collects the companies and people of one post, then writes them as facts."""

    def __init__(
        self,
        post: Post,
        docs: list[Doc],
        rules: Rules,
        facts: Facts,
        sents: list[list[SentenceText]] | None = None,
    ) -> None:
        self.post = post
        self.docs = docs
        self.sents = sents if sents is not None else [sentences(doc) for doc in docs]
        self.rules = rules
        self.facts = facts
        self.companies: dict[str, str] = {}  # squashed name -> node id
        makers = {squash(str(c)) for c in rules.vocab.data.get("tool_companies") or []}
        # names this post lists as tools ("API protocols (REST, SOAP)") are not companies here
        self.tools = {squash(n["label"]) for n in facts.nodes.values() if n["type"] == "tool"} - makers

    def company(self, name: str, ev: Evidence, url: str | None = None) -> str | None:
        """Add a company node (and the post's mention of it); returns its id."""
        name = clean_name(name)
        key = squash(name)
        if not is_company_name(name, self.rules) or key in self.rules.tool_only_names or key in self.tools:
            return None  # "Hadoop", "CSS" are tools; "PostHog" is a tool and a company
        cid = self.companies.get(key) or node_id("company", name)
        self.companies[key] = cid
        self.facts.node(cid, "company", name, url=url)
        self.facts.edge(self.post.id, cid, "mentions", ev)
        return cid

    def person(
        self, name: str, ev: Evidence, affiliation: str | None = None, credited: bool = False
    ) -> str | None:
        """Add a person node (and the post's mention of them); returns its id. A first name alone
        counts when the post quotes or credits them (`credited`: "— James", '"...," says Marius')."""
        name = clean_name(name)
        named = is_person_name(name, self.rules) or (credited and _first_name(name, self.rules))
        if not named or squash(name) in self.companies or squash(name) in self.rules.tool_only_names:
            return None
        if " " not in name:  # "says Taylor" after "Taylor Wakefield": the person already named
            known = [n for n in self.facts.nodes.values() if n["type"] == "person" and n["label"].split()[0] == name]
            if known:
                self.facts.edge(self.post.id, known[0]["id"], "mentions", ev)
                return known[0]["id"]
        pid = node_id("person", name)
        self.facts.node(pid, "person", name, affiliation=affiliation)
        self.facts.edge(self.post.id, pid, "mentions", ev)
        return pid

    def affiliate(self, pid: str, org: str, ev: Evidence) -> None:
        """`pid` works (or worked) at `org`."""
        cid = self.company(org, ev)
        if cid is not None:
            self.facts.nodes[pid].setdefault("affiliation", None)
            if not self.facts.nodes[pid].get("affiliation"):
                self.facts.nodes[pid]["affiliation"] = self.facts.nodes[cid]["label"]
            self.facts.edge(pid, cid, "affiliated_with", ev)

    def sentence_evidence(self, piece: int, needle: str) -> Evidence:
        """Evidence: the sentence of piece `piece` that holds `needle` (else the piece)."""
        p = self.post.pieces[piece]
        if 0 <= piece < len(self.docs) and needle:
            for sentence in self.sents[piece]:
                if needle in sentence.text:
                    return evidence(self.post.id, p.line_at(sentence.span.start_char), sentence.text)
        return evidence(self.post.id, p.line, p.text)


def entity_facts(
    post: Post,
    docs: list[Doc],
    rules: Rules,
    facts: Facts,
    mentions: list[list[Mention]],
    places: list[Place] | None = None,
    title_roles: tuple[str, ...] = (),
    sents: list[list[SentenceText]] | None = None,
) -> None:
    """Add the companies, people and their relations that `post` names (`title_roles`: what
    "both" means when a company "employs both"; `sents`: the sentences of each doc, if at hand)."""
    finder = EntityFinder(post, docs, rules, facts, sents)
    _link_companies(finder)
    ents = [e for doc in docs for e in doc.ents]
    org_counts = Counter(clean_name(e.text) for e in ents if e.label_ == "ORG" and not _hyphenated_word(e))
    # "Marius" read as an organisation where "Marius Andra" is a person
    first_names = {e[0].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    for i, (piece, doc_sents) in enumerate(zip(post.pieces, finder.sents, strict=True)):
        for sentence in doc_sents:
            text = sentence.text
            ev = evidence(post.id, piece.line_at(sentence.span.start_char), text)
            _cue_companies(finder, text, ev, sentence.span)
            _list_companies(finder, text, ev)
            _name_list(finder, sentence, ev)
            _role_at(finder, sentence, ev, mentions[i])
            _entities(finder, sentence, ev, org_counts, first_names)
        if piece.kind in ("quote", "paragraph", "item", "cell"):
            _attribution(finder, i)
    _hiring(finder, mentions, places, title_roles)


def _link_companies(finder: EntityFinder) -> None:
    """Links whose text names the site they point to: [incident.io](http://incident.io), [Ghost](https://ghost.org/)."""
    social = finder.rules.word_set("social_hosts")
    for link in finder.post.links:
        if not is_external(link.url):
            continue
        parts = urlsplit(link.url)
        host = (parts.hostname or "").lower()
        if host in social or any(host.endswith("." + s) for s in social):
            continue
        name = clean_name(link.text)
        if not name or name.lower() in finder.rules.word_set("not_link_names") or _OWNED.search(name):
            continue
        site = f"https://{host}"
        ev = finder.sentence_evidence(link.piece, link.text)
        if _names_person(finder, link.piece, link.text):
            finder.person(name, ev)
            continue
        if _DOMAIN.match(name) and (host == name.lower() or host.endswith("." + name.lower())):
            finder.company(name, ev, url=site)
        elif parts.path in ("", "/") and len(name.split()) <= 3 and name[:1].isupper():
            finder.company(name, ev, url=site)


def _names_person(finder: EntityFinder, piece: int, text: str) -> bool:
    """Whether the statistical NER reads `text` in piece `piece` as a person's name."""
    if not 0 <= piece < len(finder.docs) or not text:
        return False
    doc = finder.docs[piece]
    at = doc.text.find(text)
    if at < 0:
        return False
    span = doc.char_span(at, at + len(text), alignment_mode="expand")
    return (
        span is not None
        and any(e.label_ == "PERSON" for e in span.ents)
        and is_person_name(clean_name(text), finder.rules)
    )


def _cue_companies(finder: EntityFinder, text: str, ev: Evidence, sent: Span | None = None) -> None:
    """'At PostHog, we ...': the writer's company; 'Zeplo (a startup that ...)', 'Ramp, a fintech
    company,': a name its appositive calls a company."""
    for m in _AT_WE.finditer(text):
        finder.company(m.group(1), ev)
    nouns = finder.rules.word_set("appositive_company_nouns")
    for m in _CALLED_COMPANY.finditer(text):
        called = m.group("words").lower().split()
        if not any(w in nouns for w in called) or m.group("name").lower() in finder.rules.head_forms:
            continue
        span = sent.char_span(m.start("name"), m.end("name")) if sent is not None else None
        if span is not None and all(t.pos_ == "PROPN" for t in span):  # not "Later, a startup failed"
            finder.company(m.group("name"), ev)


@lru_cache(maxsize=64)
def _cue_pattern(cues: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of the list cues ("like", "such as"), longest first, in lower-cased text."""
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=lambda c: (-len(c), c)))
    return re.compile(rf"\b(?:{alternatives})(?=\s)")


def _list_companies(finder: EntityFinder, text: str, ev: Evidence) -> None:
    """'companies with product engineers (like PostHog, Y Combinator, Scale AI)': each name listed."""
    rules = finder.rules
    nouns = rules.word_set("company_nouns")
    low = text.lower()
    for cue in sorted(rules.word_set("list_cues"), key=lambda c: (-len(c), c)):
        if cue not in low:
            continue
        for m in _cue_pattern(frozenset((cue,))).finditer(low):
            before = low[: m.start()].split()[-_LIST_REACH:]
            if not any(w.strip("(),.") in nouns for w in before):
                continue
            rest = text[m.end() :]
            stop = _LIST_STOP.search(rest)
            raw = _LIST_SPLIT.split(rest[: stop.start() if stop else len(rest)])
            # 'free tools like "Website Grader"': a quoted item is the title of a thing, not a company
            items = ["" if x.strip()[:1] in _QUOTES else clean_name(x) for x in raw]
            ends = rules.word_set("list_end_words")
            names = [x for x in items if x and x.lower() not in ends]
            # "Stripe, Figma, and Vercel hire both": a name ends where lower-case words start
            good = [
                n
                for n in map(_leading_name, names)
                if n and len(n.split()) <= 3 and is_company_name(n, rules)
            ]
            if len(names) < 2 or 2 * len(good) < len(names):
                continue
            for name in good:
                finder.company(name, ev)


_NAME = r"(?:[A-Z][\w.&'’+-]*|[a-z0-9][\w-]*\.[a-z]{2,})(?:[ \t]+[A-Z][\w.&'’+-]*){0,2}"
_NAME_LIST = re.compile(
    rf"(?<![\w.])({_NAME}(?:,[ \t]*{_NAME})*),?[ \t]+(?:and|or|&)[ \t]+({_NAME})(?![\w-])"
)
_ORG_LABELS = {"ORG", "GPE", "PRODUCT", "NORP", "FAC", "LOC"}


def _name_list(finder: EntityFinder, sentence: SentenceText, ev: Evidence) -> list[str]:
    """'Spotify, Airbnb and Netflix employ both': a list of names the statistical NER reads as
    organisations or places (at least one as an organisation, none as a person) names companies;
    returns the company ids."""
    found: list[str] = []
    sent = sentence.span
    for m in _NAME_LIST.finditer(sentence.text):
        items: list[tuple[str, int]] = []
        for part in re.finditer(_NAME, m.group(0)):
            name, at = part.group(0), m.start() + part.start()
            first = sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(name.split()[0]))
            if first is not None and first[0].is_stop and " " in name:  # "At Monzo" -> "Monzo"
                skip = len(name.split()[0]) + 1
                name, at = name[skip:].lstrip(), at + skip
            items.append((name, at))
        span = sent.doc.char_span(
            sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
        )
        if span is None or any(t.dep_ in ("compound", "nmod") and t.head.i >= span.end for t in span):
            continue  # "our People and Culture team": the names modify a noun
        if any(e.start < span.end and e.end > span.start and " and " in e.text for e in sentence.ents):
            continue  # "Procter and Gamble": one name with "and" in it
        labels = [_ent_label(sentence.ents, sent.start_char + at, len(name)) for name, at in items]
        names = [clean_name(name) for name, _ in items]
        if (
            len(items) < 2
            or "ORG" not in labels
            or any(label not in _ORG_LABELS for label in labels)
            or not all(is_company_name(n, finder.rules) for n in names)
        ):
            continue
        for name in names:
            cid = finder.company(name, ev)
            if cid is not None:
                found.append(cid)
    return found


def _ent_label(ents: tuple[Span, ...], start: int, length: int) -> str:
    """The entity label of the characters [start, start+length) of the doc, '' when none of `ents`
    (a sentence's) covers them."""
    for ent in ents:
        if ent.start_char <= start and start + length <= ent.end_char:
            return ent.label_
    return ""


def _leading_name(text: str) -> str:
    """The capitalised (or domain) words a list item starts with: 'Vercel hire both' -> 'Vercel'."""
    words: list[str] = []
    for word in text.split():
        if not _COMPANY_WORD.match(word) or not (
            word[0].isupper() or word[0].isdigit() or _DOMAIN.match(word)
        ):
            break
        words.append(word)
    return clean_name(" ".join(words))


def _role_at(finder: EntityFinder, sentence: SentenceText, ev: Evidence, mentions: list[Mention]) -> None:
    """'Product engineers at Stripe', '[Security Engineer] at Acme': Stripe and Acme hire those roles.
    A person's title ('Jane Doe, CTO at Acme', 'he was a data engineer at Uber') names where
    someone works, not whom the company is hiring, so it makes the company and no `hires` edge."""
    sent = sentence.span
    personal: bool | None = None  # whether the sentence is about one person, found out when needed
    for m in mentions:
        if not m.roles or not sent.start <= m.head < sent.end:
            continue
        for cid in _companies_at(finder, sent.doc[m.head], ev):
            if personal is None:
                personal = _names_someone(sentence)
            if not personal:
                for role in m.roles:
                    finder.facts.edge(cid, node_id("role", role), "hires", ev)


def _companies_at(finder: EntityFinder, token: Token, ev: Evidence) -> Iterator[str]:
    """The companies a role names after "at" or "@" ("engineers at Stripe and Vercel") or as its
    possessor ("Notion's designers"), each made a node as found."""
    doc = token.doc
    spans = []
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("at", "@"):
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
        for pobj in objects:
            spans.append(_name_span(pobj))
            spans.extend(_name_span(c) for c in pobj.conjuncts if c.i > pobj.i and c.pos_ == "PROPN")
        if not objects:  # "engineers at Stripe build payments", parsed as the compound "Stripe build"
            end = prep.i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN":
                end += 1
            if end > prep.i + 1:
                spans.append(doc[prep.i + 1 : end])
    spans += [
        _name_span(c)
        for c in token.children
        if c.dep_ == "poss" and c.pos_ == "PROPN" and c.ent_type_ != "PERSON"
    ]
    for span in spans:
        cid = finder.company(span.text, ev)
        if cid is not None:
            yield cid


def _names_someone(sentence: SentenceText) -> bool:
    """Whether a sentence is about one person: a PERSON entity or a singular personal pronoun."""
    return any(e.label_ == "PERSON" for e in sentence.ents) or any(
        t.lower_ in ONE_PERSON and t.pos_ == "PRON" for t in sentence.span
    )


def _name_span(token: Token) -> Span:
    """The name holding `token`: its entity, else its proper-noun compound ('Y Combinator', "Let's Encrypt")."""
    doc = token.doc
    if token.ent_type_ in ("ORG", "PRODUCT", "GPE", "WORK_OF_ART", "FAC"):
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    start = token.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
        start -= 1
    # "Let's Encrypt", "Let's Do This": capitalised words joined by an attached "'s" are one name,
    # whichever of its words the parser took for the head
    while start > 1 and _joins(doc, start - 1) and doc[start - 2].text[:1].isupper():
        start -= 2
    end = token.i + 1
    while end < len(doc) and _joins(doc, end):
        end += 1
        while end < len(doc) and doc[end].text[:1].isupper() and not doc[end].is_sent_start:
            end += 1
    return doc[start:end]


def _joins(doc: Doc, i: int) -> bool:
    """Whether token `i` is an "'s" attached to the word before it and followed by a capitalised word."""
    return (
        doc[i].text in ("'s", "’s")
        and not doc[i - 1].whitespace_
        and i + 1 < len(doc)
        and doc[i + 1].text[:1].isupper()
    )


def _entities(
    finder: EntityFinder,
    sentence: SentenceText,
    ev: Evidence,
    org_counts: Counter[str],
    first_names: set[str],
) -> None:
    """NER people with full names, with "Name, former VP of X at Org" affiliations; NER organisations
    that are named twice, are multi-word names, or are already companies of this post."""
    sent = sentence.span
    doc = sent.doc
    for ent in sentence.ents:
        name = clean_name(ent.text)
        if ent.label_ == "PERSON" and squash(name) not in finder.companies:
            if not all(t.tag_ == "NNP" for t in ent if t.is_alpha) or _listed_thing(finder, sent, ent):
                continue
            pid = finder.person(name, ev)
            if pid is not None:
                org = _affiliation(doc[ent.end : sent.end].text, finder.rules)
                if org:
                    finder.affiliate(pid, org, ev)
        elif ent.label_ == "ORG":
            if _hyphenated_word(ent):
                continue  # "Front-end", "Full-stack": a common word written with a hyphen
            if ent.end < len(doc) and doc[ent.end].lower_ in finder.rules.head_forms:
                continue  # "the Project" of "the Project Manager role": part of a role's name
            if " at " in f" {name} ":
                name = name.rsplit(" at ", 1)[1]  # "VP of Engineering at Shopify"
            elif any(w.lower() in finder.rules.head_forms for w in name.split()):
                continue
            cue = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in ent.root.children)
            if name in first_names or cue in ("a", "an") or indefinite or _modifies_noun(ent):
                continue  # "does a Kickoff", "the XY problem": a kind of thing or a modifier, not an organisation
            if (
                cue in finder.rules.word_set("org_cues")
                or org_counts[name] > 1
                or squash(name) in finder.companies
            ):
                finder.company(name, ev)


def _hyphenated_word(ent: Span) -> bool:
    """Whether an entity is (the start of) a hyphenated common word: "Front-end", "Front" in "Front-end"."""
    doc = ent.doc
    joined = [t for t in ent if t.text == "-" and t.i + 1 < len(doc) and doc[t.i + 1].text[:1].islower()]
    after = glued_hyphen_after(ent[-1]) and ent.end + 1 < len(doc)
    return bool(joined) or (after and doc[ent.end + 1].text[:1].islower())


def _modifies_noun(ent: Span) -> bool:
    """Whether an entity is a modifier of a common noun after it ("the XY problem")."""
    last = ent[-1]
    return last.dep_ == "compound" and last.head.i >= ent.end and last.head.pos_ == "NOUN"


def _listed_thing(finder: EntityFinder, sent: Span, ent: Span) -> bool:
    """Whether a name is one of a list of examples of things ("tools like Lovable, v0, and Claude
    Code", "goods (e.g. Casper, Warby Parker)"): only a list of people ("founders like ...") holds people."""
    before = sent.doc[sent.start : ent.start].text.lower()
    m = next(
        reversed(list(_cue_pattern(finder.rules.word_set("list_cues")).finditer(before))), None
    )  # nearest
    if m is None or re.search(r"[.;:!?)]", before[m.end() :]):
        return False
    if not re.fullmatch(r"[\s\w.&'’-]*(?:,[\s\w.&'’-]*)*(?:,?\s*(?:and|or)\s*)?", before[m.end() :]):
        return False  # something other than list items between the cue and the name
    words = re.findall(r"[a-z]+", before[: m.start()])[-3:]
    people = finder.rules.word_set("people_nouns")
    return not any(w in people or w.rstrip("s") in people or w in finder.rules.head_forms for w in words)


def _affiliation(after: str, rules: Rules) -> str | None:
    """The organisation in the words after a name: ", former VP of Engineering at Shopify", or
    ", CTO and co-founder of Supabase" when the title before "of" names a role."""
    m = _AFFILIATION.match(after)
    if m:
        return m.group("org")
    m = _TITLE_OF.match(after)
    if m and any(
        squash(w) in rules.known_roles or w.lower() in rules.head_forms for w in m.group("title").split()
    ):
        return m.group("org")
    return None


def _attribution(finder: EntityFinder, i: int) -> None:
    """'"..." - Kushal Byatnal via Joe Albanese' and '- Name, Title at Org' after a quote."""
    post = finder.post
    piece = post.pieces[i]
    m = _ATTRIBUTION.search(piece.text.rstrip()) or _SAYS.search(piece.text)
    if not m and i > 0 and post.pieces[i - 1].kind == "quote" and piece.kind in ("quote", "paragraph"):
        m = _DASH_LINE.match(piece.text.strip())
    if not m:
        return
    ev = finder.sentence_evidence(i, m.group("who").strip())
    who = m.group("who").strip()
    names, _, rest = who.partition(",")
    people = [n for n in re.split(r"\s+(?:via|and|&|with)\s+", names) if n.strip()]
    for k, name in enumerate(people):
        pid = finder.person(name, ev, credited=True)
        if pid is None:
            continue
        if k == 0:
            finder.facts.edge(pid, post.id, "quoted_in", ev)
        org = _affiliation("," + rest, finder.rules) if rest else None
        if org and k == 0:
            finder.affiliate(pid, org, ev)


def _hiring(
    finder: EntityFinder,
    mentions: list[list[Mention]],
    places: list[Place] | None,
    title_roles: tuple[str, ...] = (),
) -> None:
    """'Ghost looks for these people:' / 'incident.io is looking for this' / 'startups like Linear and
    Vercel hire growth engineers': the companies hire the roles the sentence names after the verb
    (all of the title's roles for "both"), else those of the quote after it, else the section's."""
    post = finder.post
    verbs = finder.rules.word_set("hiring_verbs")
    for i, (doc, doc_sents) in enumerate(zip(finder.docs, finder.sents, strict=True)):
        verb_at = [j for j, pos in enumerate(doc.to_array(POS).tolist()) if pos == VERB]  # hiring is a verb
        for sentence in doc_sents:
            sent = sentence.span
            first, last = bisect_left(verb_at, sent.start), bisect_left(verb_at, sent.end)
            for token in (doc[j] for j in verb_at[first:last]):
                if not _is_hiring(token, verbs):
                    continue
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subject is None:
                    continue
                companies = _subject_companies(finder, subject, sentence)
                if not companies:
                    continue
                scope = _object_tokens(token)
                roles = [r for m in mentions[i] if m.roles and m.head in scope for r in m.roles]
                if not roles and any(c.dep_ == "dobj" and c.lower_ == "both" for c in token.children):
                    roles = list(title_roles) if len(title_roles) == 2 else []
                if not roles and i + 1 < len(post.pieces) and post.pieces[i + 1].kind == "quote":
                    roles = [r for m in mentions[i + 1] if m.roles for r in m.roles]
                if not roles and places is not None:
                    roles = list(places[i].topic)
                ev = evidence(post.id, post.pieces[i].line_at(sent.start_char), sentence.text)
                for cid in companies:
                    for role in dict.fromkeys(roles):
                        finder.facts.node(node_id("role", role), "role", role)
                        finder.facts.edge(cid, node_id("role", role), "hires", ev)


def _subject_companies(finder: EntityFinder, subject: Token, sentence: SentenceText) -> list[str]:
    """The companies a hiring verb's subject names: the company itself, the names coordinated with it,
    or the examples of a company noun ("startups like Linear, Vercel and Duolingo")."""
    nouns = finder.rules.word_set("company_nouns")
    tokens = [subject, *subject.conjuncts]
    if subject.lower_ in nouns or subject.lemma_.lower() in nouns:
        tokens += _examples(subject, finder.rules.word_set("list_cues"))
    ids = []
    for token in tokens:
        for name in (_name_span(token).text, token.text):
            cid = finder.companies.get(squash(clean_name(name)))
            if cid is not None:
                ids.append(cid)
                break
    listed = _NAME_LIST.match(sentence.text)
    if ids and subject.i == sentence.span.start and listed:  # "Spotify, Airbnb and Netflix employ both"
        for part in re.finditer(_NAME, listed.group(0)):
            cid = finder.companies.get(squash(clean_name(part.group(0))))
            if cid is not None:
                ids.append(cid)
    return list(dict.fromkeys(ids))


def _examples(noun: Token, cues: frozenset[str]) -> list[Token]:
    """The names a noun lists after one of `cues`: "startups such as Linear, Vercel and Duolingo",
    "teams, for example Acme and Globex", "firms e.g. Initech" (however the parser attached them)."""
    doc = noun.doc
    for child in noun.rights:
        if child.dep_ == "appos":
            name = child
        elif child.dep_ == "prep":
            name = next((c for c in child.children if c.dep_ == "pobj"), None)
        else:
            continue
        if name is None:
            continue
        between = " ".join(t.lower_ for t in doc[noun.i + 1 : _name_span(name).start] if not t.is_punct)
        if between in cues:
            return [name, *name.conjuncts]
    return []


_OTHER_CLAUSES = {"advcl", "conj", "ccomp", "parataxis", "relcl", "csubj"}


def _object_tokens(verb: Token) -> set[int]:
    """The tokens of what a verb is about, without the other clauses hanging from it."""
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ not in _OTHER_CLAUSES and child.dep_ not in ("nsubj", "nsubjpass"):
            out.update(t.i for t in child.subtree)
    return out


def _is_hiring(token: Token, verbs: frozenset[str]) -> bool:
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma in verbs:
        return True
    if lemma not in _phrase_verbs(verbs):
        return False  # no "look for" starts with it: its particles need not be read
    particles = [c.lower_ for c in token.children if c.dep_ in ("prep", "prt")]
    return any(f"{lemma} {p}" in verbs for p in particles)


@lru_cache(maxsize=8)
def _phrase_verbs(verbs: frozenset[str]) -> frozenset[str]:
    """The verbs that start a phrasal hiring verb ("look" of "look for")."""
    return frozenset(v.split()[0] for v in verbs if " " in v)
