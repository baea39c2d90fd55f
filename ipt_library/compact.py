"""Smaller HTML without changing what it shows: whitespace runs with a line break become one
line break.

Material's templates indent heavily (a resource page is about 8% whitespace between tags).
Between tags and inside text, a run of spaces and line breaks renders as one space, so
keeping one line break changes nothing on screen; the content of ``pre``, ``textarea``,
``script`` and ``style`` (whose whitespace matters, and whose inline scripts are pinned by
a hash in the Content Security Policy) is kept byte for byte.
"""

from __future__ import annotations

import json
import re

_KEPT = re.compile(r"<(pre|textarea|script|style)[\s>]")


def _squeeze(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    squeezed = "\n".join(filter(None, lines))
    if not squeezed:
        return "\n" if text and text.isspace() and "\n" in text else text
    if text[0].isspace():
        squeezed = ("\n" if "\n" in text[: len(text) - len(text.lstrip())] else " ") + squeezed
    if text[-1].isspace():
        squeezed += "\n" if "\n" in text[len(text.rstrip()) :] else " "
    return squeezed


def compact_html(html: str) -> str:
    out = []
    pos = 0
    while True:
        match = _KEPT.search(html, pos)
        if match is None:
            out.append(_squeeze(html[pos:]))
            break
        end = html.find(f"</{match.group(1)}>", match.end())
        if end < 0:  # not closed: keep the rest as it is
            out.append(_squeeze(html[pos : match.start()]))
            out.append(html[match.start() :])
            break
        end += len(match.group(1)) + 3
        out.append(_squeeze(html[pos : match.start()]))
        out.append(html[match.start() : end])
        pos = end
    return "".join(out)


_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
#: What Jinja's ``tojson`` escapes so that JSON is safe inside HTML.
_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def slim_theme_config(html: str) -> str:
    """Material's per-page settings (``__config``), smaller: without its own search's
    worker and strings when that search is not used, and with text as UTF-8 instead of
    ``\\uXXXX`` escapes (a Hindi or Chinese page's copy was twice the size)."""
    match = _CONFIG.search(html)
    if match is None:
        return html
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return html
    if not isinstance(data, dict):
        return html
    data.pop("search", None)
    strings = data.get("translations")
    if isinstance(strings, dict):
        data["translations"] = {k: v for k, v in strings.items() if not k.startswith("search.")}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in _HTML_SAFE.items():
        text = text.replace(char, escaped)
    return html[: match.start(2)] + text + html[match.end(2) :]
