"""Static promises of the worksheet assets: no network, RTL-safe CSS, print rules."""

from __future__ import annotations

import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "ipt_library" / "assets"
JS = (ASSETS / "worksheet.js").read_text(encoding="utf-8")
CSS = (ASSETS / "worksheet.css").read_text(encoding="utf-8")


def test_script_has_no_way_to_reach_the_network() -> None:
    for api in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import("):
        assert api not in JS, api
    assert not re.search(r"https?://", JS)
    assert ".submit(" not in JS and "action" not in JS
    assert "localStorage" in JS


def test_stylesheet_uses_logical_properties_only() -> None:
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:"
        r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        CSS,
    )
    assert physical == []


def test_targets_are_at_least_24px() -> None:
    rule = re.search(r"\.ipt-field__check \{(.*?)\}", CSS, re.S)
    assert rule is not None
    assert "inline-size: 24px" in rule.group(1) and "block-size: 24px" in rule.group(1)


def test_print_hides_materials_chrome() -> None:
    start = CSS.index("@media print")
    printed = CSS[start:]
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert selector in printed, selector
    # No page size: the printer's paper (A4 or US Letter) decides, and the margins fit both.
    assert "@page" in printed and not re.search(r"(?<![-\w])size\s*:", printed)
