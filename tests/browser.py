"""Headless Chromium for tests and benchmarks: open a page from file:// and record what it does."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# runs before any page script: records dialogs and console errors the page itself could hide
WATCH = """
window.__kgConsoleErrors = [];
window.__kgViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__kgViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@dataclass
class Recorder:
    """What a page did: requests it made, console errors, page errors and dialogs it opened."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Start recording on a Playwright page."""
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)


def available() -> bool:
    """True when Debian's Chromium and Playwright for Python are both installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (Playwright Browser), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: Any, html: Path, *, width: int = 1400, height: int = 900, timeout_ms: int = 60_000
) -> tuple[Any, Recorder]:
    """Open `html` from file://, wait until the graph is laid out and drawn; the page and its recorder."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    recorder = Recorder()
    recorder.attach(page)
    page.add_init_script(WATCH)
    page.goto(html.resolve().as_uri())
    # a selector, not wait_for_function: the page's CSP forbids the eval that polling a function needs
    page.wait_for_selector("html[data-ready=true]", state="attached", timeout=timeout_ms)
    return page, recorder
