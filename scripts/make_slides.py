"""Render the library's own slide decks to small, accessible 16:9 PDFs.

Each deck is a YAML outline in ``scripts/slides/<slug>.yml``; the PDF is written to
``resources/<slug>/files/slides.pdf``, where the presentation resource offers it as an
attachment. Run from the repository root:

    .venv/bin/python scripts/make_slides.py            # every deck
    .venv/bin/python scripts/make_slides.py four-problem-areas-slides

The PDFs are committed (they are attachments), so run this after editing an outline.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from weasyprint import HTML

ROOT = Path(__file__).resolve().parent.parent
SLIDES_DIR = Path(__file__).resolve().parent / "slides"
TEMPLATE = "deck.html.j2"
STYLESHEET = SLIDES_DIR / "deck.css"

# A deck shorter than this says too little; longer, and it stops being a short talk.
MIN_SLIDES, MAX_SLIDES = 8, 12
# Attachments are downloaded on phones over slow connections.
MAX_BYTES = 300 * 1024
# The title slide and the closing slide are added by the template.
FIXED_SLIDES = 2


@dataclass(frozen=True)
class Slide:
    title: str
    points: tuple[str, ...]
    sources: str


@dataclass(frozen=True)
class Deck:
    slug: str
    lang: str
    title: str
    subtitle: str
    description: str
    slides: tuple[Slide, ...]
    reading: tuple[str, ...]

    @property
    def output(self) -> Path:
        return ROOT / "resources" / self.slug / "files" / "slides.pdf"


class OutlineError(Exception):
    """A problem in an outline file, reported as ``path: message`` without a traceback."""


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise OutlineError(f"{where}: '{key}' must be a non-empty text")
    return value.strip()


def _texts(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise OutlineError(f"{where}: '{key}' must be a list of texts")
    return tuple(v.strip() for v in value)


def load_deck(path: Path) -> Deck:
    """Read and check one outline; every problem becomes an OutlineError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise OutlineError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise OutlineError(f"{path}: expected 'field: value' lines at the top level")
    raw_slides = data.get("slides")
    if not isinstance(raw_slides, list) or not raw_slides:
        raise OutlineError(f"{path}: 'slides' must be a list of slides")
    slides = []
    for number, raw in enumerate(raw_slides, start=2):
        where = f"{path}: slide {number}"
        if not isinstance(raw, dict):
            raise OutlineError(f"{where}: expected 'title' and 'points'")
        points = _texts(raw, "points", where)
        if not points:
            raise OutlineError(f"{where}: add at least one point")
        slides.append(
            Slide(
                title=_text(raw, "title", where),
                points=points,
                sources=_text(raw, "sources", where, required=False),
            )
        )
    total = len(slides) + FIXED_SLIDES
    if not MIN_SLIDES <= total <= MAX_SLIDES:
        raise OutlineError(
            f"{path}: the deck has {total} slides with the title and closing slides; "
            f"keep it between {MIN_SLIDES} and {MAX_SLIDES}"
        )
    return Deck(
        slug=path.stem,
        lang=_text(data, "lang", str(path)),
        title=_text(data, "title", str(path)),
        subtitle=_text(data, "subtitle", str(path), required=False),
        description=_text(data, "description", str(path)),
        slides=tuple(slides),
        reading=_texts(data, "reading", str(path)),
    )


def render(deck: Deck) -> int:
    """Write the deck's PDF and return its size in bytes.

    Raises OutlineError, and writes nothing, when a slide's text does not fit on its page.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SLIDES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html = env.get_template(TEMPLATE).render(deck=deck, total=len(deck.slides) + FIXED_SLIDES)
    # PDF/UA asks for tags, a title shown in the window bar and the document language,
    # which screen readers need to read the slides in the right voice.
    options: dict[str, Any] = {"stylesheets": [str(STYLESHEET)], "pdf_variant": "pdf/ua-1"}
    document = HTML(string=html, base_url=str(SLIDES_DIR)).render(**options)
    expected = len(deck.slides) + FIXED_SLIDES
    if len(document.pages) != expected:
        # Text that runs over the bottom of a slide spills onto a page of its own.
        raise OutlineError(
            f"{SLIDES_DIR / deck.slug}.yml: {expected} slides became {len(document.pages)} "
            "pages; a slide has too much text, shorten its points"
        )
    deck.output.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(deck.output, **options)
    return deck.output.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="*", help="outline names (default: all)")
    args = parser.parse_args(argv)
    names: list[str] = args.decks or sorted(p.stem for p in SLIDES_DIR.glob("*.yml"))
    failed = False
    for name in names:
        path = SLIDES_DIR / f"{name}.yml"
        if not path.is_file():
            print(f"{path}: no such outline", file=sys.stderr)
            failed = True
            continue
        try:
            deck = load_deck(path)
            size = render(deck)
        except OutlineError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        status = "ok" if size <= MAX_BYTES else f"too large (limit {MAX_BYTES // 1024} KB)"
        print(f"{deck.output.relative_to(ROOT)}: {size // 1024} KB, {status}")
        failed = failed or size > MAX_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
