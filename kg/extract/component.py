"""kg's spaCy pipeline component: vocabulary skills and known role names marked in `doc.spans`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.patterns import Tokenizer
from kg.extract.rules import TAXONOMY_KEY, apply_rules, get_rules

RULES_COMPONENT = "kg_rules"


class KgRules:
    """Marks vocabulary skills and known role names in `doc.spans`, and which taxonomy did it."""

    def __init__(self, taxonomy: str | None = None, tokenizer: Tokenizer | None = None) -> None:
        self.taxonomy = taxonomy or None
        self.rules = get_rules(self.taxonomy, tokenizer)

    def __call__(self, doc: Doc) -> Doc:
        apply_rules(doc, self.rules)
        doc.user_data[TAXONOMY_KEY] = self.taxonomy
        return doc


@Language.factory(RULES_COMPONENT, default_config={"taxonomy": None})
def make_kg_rules(nlp: Language, name: str, taxonomy: str | None) -> KgRules:
    """spaCy factory for KgRules; `taxonomy` is a user vocabulary file extending kg/data/."""
    return KgRules(taxonomy, nlp.tokenizer)
