"""Assertions the browser tests make on every page."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"


def accessibility_violations(page, selector=None, exclude=()):
    """axe-core's serious and critical violations on the page (or in one element of it),
    leaving out the elements that match the `exclude` selectors."""
    # evaluate() runs through the DevTools protocol, which the page's CSP does not govern;
    # a <script> tag added by the test would be inline script, which the CSP rightly blocks.
    # Colours are judged as drawn: let transitions (a modal fading in) finish first.
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async ([selector, exclude]) => {
            const include = selector ? [selector] : [document];
            const context = {include: include, exclude: exclude};
            return await axe.run(context, {resultTypes: ["violations"]});
        }""",
        [selector, list(exclude)],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(str(node["target"][-1]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, selector=None):
    violations = accessibility_violations(page, selector)
    assert not violations, f"accessibility violations on {page.url}:\n  " + "\n  ".join(violations)


def assert_security_headers(response):
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, policy
    assert "unsafe-inline" not in policy
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "same-origin"


def assert_focus_visible(page):
    """The focused element shows a focus indicator (an outline or Bootstrap's focus ring)."""
    focus = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                element: element.outerHTML.slice(0, 120),
                visible: element.matches(":focus-visible"),
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                ring: style.boxShadow !== "none",
            };
        }"""
    )
    assert not focus["element"].startswith("<body"), "nothing is focused"
    assert focus["visible"], f"the browser does not show focus here: {focus}"
    assert focus["outline"] or focus["ring"], f"the focused element has no indicator: {focus}"
