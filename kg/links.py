"""Link targets: normalise them to one canonical URL form and resolve them to corpus posts."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

SITE_DOMAIN = "posthog.com"  # the blog's own site: its absolute URLs are read as site paths
SITE = re.compile(rf"^(https?:)?//(www\.)?{re.escape(SITE_DOMAIN)}(?=/|$)", re.IGNORECASE)
NOT_PAGES = ("mailto:", "tel:", "javascript:", "data:", "vbscript:", "file:")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _clean_path(path: str, lower: bool) -> str:
    """`/a/b` from a URL path: no empty, `.` or `..` segments, no blanks around segments."""
    parts: list[str] = []
    for seg in path.split("/"):
        seg = seg.strip()
        if seg == "..":
            if parts:
                parts.pop()
        elif seg not in ("", "."):
            parts.append(seg)
    clean = "/" + "/".join(parts)
    return clean.lower() if lower else clean


def normalise(target: str, base: str = "/") -> str | None:
    """Canonical form of a link target seen on the page at URL `base`, or None if it is no page.

    Site-absolute paths and posthog.com URLs become `/path`; other sites keep scheme and host.
    Fragments, queries and trailing slashes go; relative targets are resolved against `base`.
    The result is a fixed point: normalise(normalise(x)) == normalise(x).
    """
    target = _TAB_OR_NEWLINE.sub("", target).strip()  # as browsers do
    if not target or target.startswith("#") or target.lower().startswith(NOT_PAGES):
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not re.match(
        r"^https?:", target, re.IGNORECASE
    ):
        return None  # another scheme (ftp:, slack:, ...): not a web page
    site = SITE.match(target)
    if site:
        target = target[site.end() :] or "/"
    try:
        if target.lower().startswith(("http://", "https://", "//")):
            parts = urlsplit(target if not target.startswith("//") else "https:" + target)
            host = re.sub(r"^(www\.)+", "", (parts.hostname or "").lower())
            if not host or re.search(r"\s", host):
                return None  # no host name, so no page
            if host == SITE_DOMAIN:  # reached only past a user@ or the like: still the site
                return _clean_path(parts.path, lower=True)
            return f"https://{host}{_clean_path(parts.path, lower=False).rstrip('/')}"
        if not target.startswith("/"):
            target = urljoin(base, target)
        return _clean_path(urlsplit(target).path, lower=True)
    except ValueError:  # not a URL at all, e.g. an unclosed [IPv6 host
        return None


def is_external(url: str) -> bool:
    """True for a normalised URL on another site."""
    return url.startswith("https://")


def last_segment(url: str) -> str:
    """The last path segment of a normalised URL ('' for a site root)."""
    path = urlsplit(url).path if is_external(url) else url
    return path.rstrip("/").rsplit("/", 1)[-1]


class Resolver:
    """Maps normalised link URLs to corpus post URLs, allowing moved routes by unique slug."""

    def __init__(self, post_urls: Iterable[str]) -> None:
        self.urls = set(post_urls)
        by_slug: dict[str, set[str]] = defaultdict(set)
        for url in self.urls:
            by_slug[last_segment(url)].add(url)
        self.by_slug = {slug: next(iter(u)) for slug, u in by_slug.items() if len(u) == 1 and slug}

    def resolve(self, url: str) -> str | None:
        """The corpus post URL that `url` names, or None when it is outside the corpus."""
        if url in self.urls:
            return url
        if is_external(url) and not urlsplit(url).hostname.endswith("." + SITE_DOMAIN):
            return None
        return self.by_slug.get(last_segment(url))
