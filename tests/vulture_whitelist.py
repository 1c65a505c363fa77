"""Names in kg/ that vulture (a dead-code finder) reports but that a framework calls by name.

    .venv/bin/pip install vulture && .venv/bin/vulture kg/ tests/vulture_whitelist.py   # prints nothing

Parsed by vulture, never imported or run.
"""

# ruff: noqa: B018
from kg import api, cli, prose
from kg.extract import component

cli._options  # typer: the app callback (global options)
cli.show, cli.list_roles, cli.list_skills  # typer: commands registered by decorator
cli.ExportFormat.graphml, cli.ExportFormat.gexf, cli.ExportFormat.cypher  # typer: --format choices
component.make_kg_rules  # spaCy: the factory of the kg_rules pipeline component
api.Comparison._repr_markdown_  # IPython / Jupyter: how a notebook shows a comparison
prose.MarkdownIt.validateLink  # markdown-it: the hook that validates link targets
