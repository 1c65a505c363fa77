"""Names in kg/ that vulture (a dead-code finder) reports but that a framework calls by name.

    .venv/bin/pip install vulture && .venv/bin/vulture kg/ tests/vulture_whitelist.py   # prints nothing

Parsed by vulture, never imported or run.
"""

# ruff: noqa: B018
import kg
from kg import api, cli, graph, prose
from kg.extract import component
from kg.render import html

cli._options  # typer: the app callback (global options)
cli.show, cli.list_roles, cli.list_skills  # typer: commands registered by decorator
cli.ExportFormat.graphml, cli.ExportFormat.gexf, cli.ExportFormat.cypher  # typer: --format choices
component.make_kg_rules  # spaCy: the factory of the kg_rules pipeline component
api.Comparison._repr_markdown_  # IPython / Jupyter: how a notebook shows a comparison
prose.MarkdownIt.validateLink  # markdown-it: the hook that validates link targets
kg.__getattr__  # Python: the module hook that loads kg.load, kg.KnowledgeGraph... lazily
graph.build_graph  # library: Facts -> graph in one call (benchmarks and tests use it)
html.unpack  # library: reads a page's embedded data back (tests and tools)
