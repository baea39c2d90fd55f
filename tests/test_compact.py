"""Smaller HTML that shows and does the same: whitespace and Material's page settings."""

from __future__ import annotations

import json
import re

from ipt_library.compact import compact_html, slim_theme_config

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def page(settings: dict[str, object]) -> str:
    # As Material writes it: Jinja's tojson, ASCII escapes and HTML-safe characters.
    text = json.dumps(settings).replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<body><script id="__config" type="application/json">{text}</script></body>'


def test_material_settings_lose_its_unused_search_and_keep_text_as_utf8() -> None:
    settings = {
        "base": "../..",
        "search": "../../assets/javascripts/workers/search.a7633da7.min.js",
        "translations": {
            "clipboard.copy": "क्लिपबोर्ड पर कॉपी करें",
            "search.result.none": "कोई मिलान डॉक्यूमेंट नहीं",
            "select.version": "<वर्शन> & 'चुनें'",
        },
    }
    before = page(settings)
    after = slim_theme_config(before)
    assert len(after.encode()) < len(before.encode()) / 1.5
    text = CONFIG.search(after)
    assert text is not None
    assert "क्लिपबोर्ड" in text.group(1)  # UTF-8, not \\u escapes
    # Still safe inside HTML: no raw <, >, & or ' that could end the script or an attribute.
    assert not re.search(r"[<>&']", text.group(1))
    data = json.loads(text.group(1))
    assert "search" not in data
    assert data["translations"] == {
        "clipboard.copy": "क्लिपबोर्ड पर कॉपी करें",
        "select.version": "<वर्शन> & 'चुनें'",
    }
    assert data["base"] == "../.."


def test_pages_without_settings_or_with_broken_ones_are_left_alone() -> None:
    plain = "<p>no settings here</p>"
    assert slim_theme_config(plain) == plain
    broken = '<script id="__config" type="application/json">{not json</script>'
    assert slim_theme_config(broken) == broken


def test_whitespace_collapses_except_where_it_matters() -> None:
    html = (
        "<div>\n    <p>a\n\n    b</p>\n</div>\n"
        "<pre>  keep\n\n  this</pre>\n<textarea>\n x\n</textarea>"
    )
    out = compact_html(html)
    assert "<pre>  keep\n\n  this</pre>" in out and "<textarea>\n x\n</textarea>" in out
    assert "<div>\n<p>a\nb</p>\n</div>" in out
