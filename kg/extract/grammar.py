"""Closed word classes of English the extraction rules read: pronouns, subject labels, noun tags.

These are grammar, not vocabulary (they do not change with the posts' subject), so they live in
code, in this one module; the open vocabularies are data in kg/data/.
"""

from __future__ import annotations

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
