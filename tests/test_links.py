from kg.links import Resolver, normalise


def test_site_links_lose_host_fragment_query_and_trailing_slash():
    assert normalise("https://posthog.com/blog/x/#part") == "/blog/x"
    assert normalise("https://www.posthog.com/blog/x?ref=1") == "/blog/x"
    assert normalise("/blog/X/") == "/blog/x"


def test_relative_links_resolve_against_the_linking_post():
    assert normalise("../handbook/x", "/blog/post") == "/handbook/x"
    assert normalise("other-post", "/blog/post") == "/blog/other-post"


def test_external_links_keep_their_host():
    assert normalise("http://www.Fly.io/") == "https://fly.io"


def test_non_pages_are_not_links():
    for target in ["#top", "mailto:a@b.c", "javascript:alert(1)", "data:text/html,x", ""]:
        assert normalise(target) is None


def test_normalise_is_idempotent():
    for target in ["https://posthog.com/a/b/", "../x", "http://example.com/A/"]:
        once = normalise(target, "/blog/p")
        assert normalise(once, "/blog/p") == once


def test_moved_routes_resolve_by_unique_last_segment():
    resolver = Resolver(["/blog/what-is-a-product-engineer", "/blog/a", "/newsletter/a"])
    assert (
        resolver.resolve("/product-engineer/what-is-a-product-engineer") == "/blog/what-is-a-product-engineer"
    )
    assert resolver.resolve("https://newsletter.posthog.com/p/what-is-a-product-engineer") == (
        "/blog/what-is-a-product-engineer"
    )
    assert resolver.resolve("/founders/a") is None  # two posts end in "a": ambiguous
    assert resolver.resolve("https://example.com/what-is-a-product-engineer") is None


def test_odd_targets_normalise_to_a_stable_form_or_none():
    assert normalise("https://posthog.com", "/blog/post") == "/"  # the site root, not the linking post
    assert normalise("https://[broken/x") is None
    assert normalise(" /blog/a /\t") == "/blog/a"
    assert normalise("https://www.www.example.com/A/../B/") == "https://example.com/B"
