"""Page weight: what a first visit with an empty cache transfers, measured in Chromium.

Sizes are the bytes Chromium received (Network.loadingFinished's encodedDataLength:
headers and body as sent, gzip-compressed by the host as GitHub Pages does), grouped by
Chromium's resource type. Images are counted apart, as the budget leaves them aside.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, Page

from ..conftest import ROOT
from .pages import RESOURCE_TYPES

#: The library's own sources, copied so the build never touches the working tree's site/.
SOURCES = ("resources", "docs", "locales", "bibliography.bib", "mkdocs.yml")
IMAGES = {"Image", "Media"}
KB = 1024

#: A word for each language's search on the real library.
REAL_SEARCH_WORDS = {"en": "grief", "ar": "الحزن"}


def heaviest_of_each_type(site: Path, sources: Path) -> dict[str, str]:
    """For each resource type, the slug whose English page is largest."""
    best: dict[str, tuple[int, str]] = {}
    for meta in sorted((sources / "resources").glob("*/resource.yml")):
        kind = yaml.safe_load(meta.read_text(encoding="utf-8"))["type"]
        page = site / "resources" / meta.parent.name / "index.html"
        size = page.stat().st_size
        if size > best.get(kind, (-1, ""))[0]:
            best[kind] = (size, meta.parent.name)
    return {kind: slug for kind, (_, slug) in best.items()}


def page_addresses(site: Path, lang: str, sources: Path | None = None) -> dict[str, str]:
    """One address per page type in a built library (``sources``: where resources/ is,
    by default the folder holding the site)."""
    prefix = "" if lang == "en" else f"{lang}/"
    slugs = heaviest_of_each_type(site, sources or site.parent)
    pages = {
        "home": "",
        "hub": "ipt/",
        "catalogue": "resources/",
        "catalogue-type": "resources/type/worksheet/",
        **{kind: f"resources/{slugs[kind]}/" for kind in RESOURCE_TYPES},
        "references": "references/",
        "search": f"?q={REAL_SEARCH_WORDS[lang]}",
        "status": "translations/",
        "404": "404.html",
    }
    return {name: prefix + path for name, path in pages.items()}


def start_real_build(target: Path, site_url: str) -> subprocess.Popen[str]:
    """Copy the library's sources (and the PDF cache) into ``target``; start the build."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    if (ROOT / ".cache" / "pdf").is_dir():  # PDFs are cached by content hash: reuse them
        shutil.copytree(ROOT / ".cache" / "pdf", target / ".cache" / "pdf")
    env = {**os.environ, "SITE_URL": site_url}
    return subprocess.Popen(
        [sys.executable, "-m", "ipt_library", "build"],
        cwd=target,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@dataclass
class Weight:
    """One page's first load: bytes received (compressed) and their uncompressed size."""

    url: str
    by_type: dict[str, int] = field(default_factory=dict)
    html: int = 0
    html_raw: int = 0
    raw: int = 0  # uncompressed, images aside
    requests: int = 0
    failed: list[str] = field(default_factory=list)  # answered 4xx/5xx or not at all
    problems: list[str] = field(default_factory=list)  # what ``inspect`` found

    @property
    def total(self) -> int:
        """Everything but images: HTML, CSS, JavaScript, fonts, fetched data."""
        return sum(size for kind, size in self.by_type.items() if kind not in IMAGES)

    @property
    def images(self) -> int:
        return sum(size for kind, size in self.by_type.items() if kind in IMAGES)


def measure(
    browser: Browser,
    url: str,
    viewport: dict[str, int],
    inspect: Callable[[Page], list[str]] | None = None,
) -> Weight:
    """Load ``url`` in a fresh context (an empty cache) and add up what arrived; then run
    ``inspect`` on the loaded page, if given (so other checks need no second load)."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    seen: dict[str, dict[str, Any]] = {}
    weight = Weight(url)

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        image = response.get("mimeType", "").startswith("image/")  # the favicon is "Other"
        seen[event["requestId"]] = {
            "type": "Image" if image else event["type"],
            "url": response["url"],
            "status": response["status"],
            "raw": 0,
        }

    def data(event: dict[str, Any]) -> None:
        if event["requestId"] in seen:
            seen[event["requestId"]]["raw"] += int(event["dataLength"])

    def finished(event: dict[str, Any]) -> None:
        info = seen.get(event["requestId"])
        if info is None:
            return
        size = int(event["encodedDataLength"])
        weight.requests += 1
        weight.by_type[info["type"]] = weight.by_type.get(info["type"], 0) + size
        if info["type"] not in IMAGES:
            weight.raw += info["raw"]
        if info["type"] == "Document" and not weight.html:  # the page itself comes first
            weight.html, weight.html_raw = size, info["raw"]
        elif info["status"] >= 400:
            weight.failed.append(f"{info['status']} {info['url']}")

    def failed(event: dict[str, Any]) -> None:
        weight.failed.append(f"{event.get('errorText')} {seen.get(event['requestId'], {})}")

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.send("Network.enable")
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if inspect is not None:
        weight.problems = inspect(page)
    context.close()
    return weight


def table(rows: dict[str, Weight]) -> str:
    """A Markdown table of the figures, in KB (1,024 bytes)."""
    kinds = ["Document", "Stylesheet", "Script", "Font", "Fetch"]
    head = (
        "| page | transferred (no images) | " + " | ".join(kinds) + " | other | images "
        "| requests | uncompressed (no images) | HTML uncompressed |"
    )
    lines = [head, "|" + "---|" * (len(kinds) + 7)]
    for name, w in rows.items():
        other = sum(size for kind, size in w.by_type.items() if kind not in {*kinds, *IMAGES})
        cells = [w.by_type.get(kind, 0) for kind in kinds] + [other, w.images]
        lines.append(
            f"| {name} | {w.total / KB:.1f} | "
            + " | ".join(f"{c / KB:.1f}" for c in cells)
            + f" | {w.requests} | {w.raw / KB:.1f} | {w.html_raw / KB:.1f} |"
        )
    return "\n".join(lines)


def save(folder: Path, rows: dict[str, Weight]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page-weight.md").write_text(table(rows) + "\n", encoding="utf-8")
    data = {
        name: {
            "url": w.url,
            "total": w.total,
            "html": w.html,
            "html_uncompressed": w.html_raw,
            "uncompressed": w.raw,
            "images": w.images,
            "by_type": w.by_type,
            "requests": w.requests,
            "failed": w.failed,
        }
        for name, w in rows.items()
    }
    (folder / "page-weight.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
