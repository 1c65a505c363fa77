"""Post -> Facts from the post's structure alone: the post, its authors, tags and links (no NLP)."""

from __future__ import annotations

import posixpath

from kg.facts import Facts, evidence, node_id
from kg.links import is_external
from kg.model import Post


def person_label(slug: str) -> str:
    """A readable name for an author slug: 'ian-vanagas' -> 'Ian Vanagas'."""
    if " " in slug.strip():
        return slug.strip()
    return " ".join(part.capitalize() for part in slug.replace("_", "-").split("-") if part)


def link_target_id(url: str) -> str:
    """The node id of a link target before resolution against the corpus."""
    return "post:" + url


def relative_path(file: str, href: str) -> str | None:
    """The file a relative link points to, from the linking file's folder ("software-engineer.md"
    from "ladders/technical.md" -> "ladders/software-engineer.md"); None for URLs and site paths."""
    target = href.strip().split("#", 1)[0].split("?", 1)[0]
    if not target or target.startswith("/") or "://" in target or target.startswith(("mailto:", "tel:")):
        return None
    folder = posixpath.dirname(file.replace("\\", "/"))
    return posixpath.normpath(posixpath.join(folder, target))


def structure_facts(post: Post) -> Facts:
    """The post node plus `wrote`, `tagged` and (unresolved) `links_to` edges."""
    facts = Facts(post.id)
    facts.node(
        post.id,
        "post",
        post.title,
        url=post.url,
        title=post.title,
        date=post.date,
        file=post.file,
        in_corpus=True,
    )
    author_line = post.meta_lines.get("author", post.meta_lines.get("authors", post.title_line))
    for author in post.authors:
        label = person_label(author)
        pid = facts.node(node_id("person", label), "person", label, aliases=[author])
        facts.edge(pid, post.id, "wrote", evidence(post.id, author_line, f"author: {author}"))
    for key, values in (("tags", post.tags), ("category", [post.category] if post.category else [])):
        line = post.meta_lines.get(key, post.title_line)
        for tag in values:
            tid = facts.node(node_id("tag", tag), "tag", tag)
            facts.edge(post.id, tid, "tagged", evidence(post.id, line, f"{key}: {tag}"))
    for link in post.links:
        if link.url == post.url:
            continue
        target = link_target_id(link.url)
        facts.node(
            target,
            "post",
            link.text or link.url,
            url=link.url,
            title=link.text or None,
            in_corpus=False,
            external=is_external(link.url),
            path=relative_path(post.file, link.target),
        )
        text = post.pieces[link.piece].text if 0 <= link.piece < len(post.pieces) else link.text
        facts.edge(
            post.id, target, "links_to", evidence(post.id, link.line, text), text=link.text, href=link.target
        )
    return facts
