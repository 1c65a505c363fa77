"""Switch each extractor off in turn and run its tests: every one of them must then fail.

    .venv/bin/python tests/mutation_check.py            # a line per extractor, exit 1 if a test survives

A test that still passes with the feature it tests switched off proves nothing about that feature.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (function as "module:name", what it returns when switched off, the test file that covers it)
MUTATIONS = [
    ("kg.extract.nlp:sentence_skills", "[]", "test_extract_skills.py"),
    ("kg.extract.nlp:sentence_skills", "[]", "test_extract_refer.py"),
    ("kg.extract.statements:_noun_phrases", "[]", "test_extract_statements.py"),
    ("kg.extract.nlp:entity_facts", "null", "test_extract_entities.py"),
    ("kg.extract.nlp:find_stages", "{}", "test_extract_stages.py"),
]


def run(target: str, value: str, tests: str) -> tuple[int, int, list[str]]:
    """Passed and failed counts of `tests` with `target` returning `value`, and the survivors."""
    env = {**os.environ, "KG_MUTATE": f"{target}={value}"}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(HERE / tests)],
        capture_output=True, text=True, env=env, check=False,
    ).stdout  # fmt: skip
    passed = int(m.group(1)) if (m := re.search(r"(\d+) passed", out)) else 0
    failed = int(m.group(1)) if (m := re.search(r"(\d+) failed", out)) else 0
    survivors = re.findall(r"^PASSED (\S+)", out, re.M)
    return passed, failed, survivors


def main() -> int:
    """Print a line per switched-off extractor; exit 1 when any of its tests still passes."""
    bad = 0
    for target, value, tests in MUTATIONS:
        passed, failed, survivors = run(target, value, tests)
        print(f"{target} off: {tests} {failed} failed, {passed} still pass")
        for name in survivors:
            print(f"  survives: {name}")
        bad += passed
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
