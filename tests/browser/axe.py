"""Accessibility checks with axe-core, loaded from node_modules (never served).

``assert_accessible(page)`` runs axe on the current page against WCAG 2.0, 2.1 and
2.2 A and AA rules and fails with one readable paragraph per violation: rule id,
impact, what to do, a link to the rule's explanation, and the offending elements.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _axe_source() -> str:
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run `npm ci` (axe-core is a dependency)")
    return AXE_PATH.read_text()


def run_axe(
    page: Page,
    *,
    context: str | None = None,
    disable: tuple[str, ...] = (),
    all_rules: bool = False,
) -> dict:
    """Inject axe (unless already there) and return its results for the page; with
    `all_rules`, every rule axe has, best practices included (such as `region`: every
    element inside a landmark), not only the WCAG ones."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate, not add_script_tag: the service's Content-Security-Policy would
        # rightly refuse an inline or foreign script element.
        page.evaluate(_axe_source())
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    if not all_rules:
        options["runOnly"] = {"type": "tag", "values": TAGS}
    return page.evaluate(
        "([context, options]) => window.axe.run(context || document, options)",
        [context, options],
    )


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}\n       {node['html'][:200]}\n       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(
    page: Page,
    *,
    context: str | None = None,
    disable: tuple[str, ...] = (),
    all_rules: bool = False,
):
    """Fail if axe finds any WCAG 2.2 AA violation on the page (or within ``context``);
    with `all_rules`, any violation of any rule, best practices included."""
    results = run_axe(page, context=context, disable=disable, all_rules=all_rules)
    violations = results["violations"]
    assert not violations, format_violations(violations, page.url)
