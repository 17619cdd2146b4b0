"""Accessibility assertions for Playwright pages: axe-core's WCAG rules, and reflow at 400% zoom."""

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# 1280x1024 CSS pixels at 400% zoom leaves 320x256: WCAG 2.2's 1.4.10 Reflow case.
ZOOM_400_PERCENT_VIEWPORT = {"width": 320, "height": 256}

MAX_TARGETS_SHOWN = 3
MAX_HTML_CHARS = 200
MAX_OVERFLOWING_SHOWN = 10

_START_A_TIMER = """() => {
  window.__axeTimerFired = false;
  setTimeout(() => { window.__axeTimerFired = true; });
}"""
_RUN_AXE = "async ({ context, options }) => await window.axe.run(context ?? document, options)"

# Elements wider than the viewport whose parent is not: where each overflow starts.
_FIND_OVERFLOWING = """
(limit) => {
  const viewportWidth = document.documentElement.clientWidth;
  const overflows = (element) => element.getBoundingClientRect().right > viewportWidth + 1;
  const describe = (element) => {
    let selector = element.tagName.toLowerCase();
    if (element.id) selector += "#" + element.id;
    for (const name of element.classList) selector += "." + name;
    const box = element.getBoundingClientRect();
    return `${selector} (left ${Math.round(box.left)}px, width ${Math.round(box.width)}px)`;
  };
  const found = [];
  for (const element of document.querySelectorAll("html, body, body *")) {
    if (overflows(element) && !(element.parentElement && overflows(element.parentElement))) {
      found.push(describe(element));
      if (found.length >= limit) break;
    }
  }
  return found;
}
"""


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text()


def assert_accessible(page: Page, *, context: Any = None) -> None:
    """Run axe-core's WCAG 2.0-2.2 A and AA rules on the page and fail listing any violations.

    `context` is an axe context: a CSS selector, or {"include": [...], "exclude": [...]};
    None checks the whole document.
    """
    # With JavaScript off the page's timers never fire, so axe.run would wait for ever.
    page.evaluate(_START_A_TIMER)
    try:
        page.wait_for_function("() => window.__axeTimerFired === true", timeout=5_000)
    except PlaywrightTimeoutError:
        raise RuntimeError(
            "axe-core did not start: axe needs JavaScript, so check pages with JavaScript on "
            "(the `page` fixture, not `page_without_js`)."
        ) from None
    # Evaluated through the DevTools protocol rather than added as a <script>, so the page's
    # Content-Security-Policy (no inline scripts) stays on while axe runs.
    page.evaluate(_axe_source())
    results = page.evaluate(
        _RUN_AXE,
        {
            "context": context,
            "options": {
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        },
    )
    violations = results["violations"]
    if violations:
        raise AssertionError(_describe_violations(page.url, violations))


def _describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(nodes)} element(s)] {violation['helpUrl']}"
        )
        for node in nodes[:MAX_TARGETS_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(node["html"].split())
            if len(html) > MAX_HTML_CHARS:
                html = html[:MAX_HTML_CHARS] + "…"
            lines.append(f"    {target}")
            lines.append(f"      {html}")
        if len(nodes) > MAX_TARGETS_SHOWN:
            lines.append(f"    …and {len(nodes) - MAX_TARGETS_SHOWN} more")
    return "\n".join(lines)


def assert_usable_at_400_percent_zoom(page: Page) -> None:
    """Fail if the page scrolls sideways at 320x256 CSS pixels (1280x1024 zoomed to 400%).

    The viewport is put back as it was afterwards.
    """
    original_viewport = page.viewport_size
    page.set_viewport_size(ZOOM_400_PERCENT_VIEWPORT)
    try:
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width <= client_width + 1:
            return
        overflowing = page.evaluate(_FIND_OVERFLOWING, MAX_OVERFLOWING_SHOWN)
        raise AssertionError(
            f"{page.url} scrolls sideways at 400% zoom: the document is {scroll_width}px wide "
            f"in a {client_width}px viewport. Overflow starts at:\n"
            + "\n".join(f"- {element}" for element in overflowing)
        )
    finally:
        if original_viewport is not None:
            page.set_viewport_size(original_viewport)
