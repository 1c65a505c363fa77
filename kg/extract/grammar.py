"""Closed word classes of English the extraction rules read: pronouns, subject labels, noun tags.

These are grammar, not vocabulary (they do not change with the posts' subject), so they live in
code, in this one module; the open vocabularies are data in kg/data/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
NOUNS = frozenset({"NOUN", "PROPN"})  # coarse tags of nouns and names

THIRD_PERSON = frozenset({"they", "them", "their", "theirs", "themselves", "themself", "he", "him", "his",
                          "himself", "she", "her", "hers", "herself"})  # fmt: skip
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "ours", "ourselves"})
# Pronouns for one person: a sentence using one is about someone, not about a role in general.
ONE_PERSON = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "which", "it"})
RELATIVES = frozenset({"who", "that", "which", "whom", "whose"})


ABSENCE_DETERMINERS = frozenset({"no", "zero"})  # "No public pricing": what is missing


def says_absent(noun: Token) -> bool:
    """Whether a noun phrase says its thing is missing ("No public pricing", "zero tests")."""
    return any(c.dep_ == "det" and c.lower_ in ABSENCE_DETERMINERS for c in noun.children)


def glued_hyphen_after(token: Token) -> bool:
    """Whether a "-" follows `token` with no space: the first half of a hyphenated word the
    tokenizer split ("Lo" of "Lo-fi", "on" of "on-call", "Front" of "Front-end")."""
    doc = token.doc
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text == "-"
