"""Formatting stays cheap: 1,000 references well under a second, nothing re-parsed per page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import ipt_library.citations.bibtex as bibtex_module
from ipt_library.citations import find_citations, parse_bibliography
from ipt_library.diagnostics import Diagnostics

from .conftest import fmt_for

TEMPLATES = [
    "@article{{a{i}, author = {{Family{i}, Given A. and Other, B. and Third, C.}},"
    " title = {{Article number {i}}}, journal = {{Journal of Examples}}, volume = {{{i}}},"
    " number = {{2}}, pages = {{1--10}}, year = {{{year}}}, doi = {{10.5555/x.{i}}}}}\n",
    "@book{{b{i}, author = {{Writer{i}, Ann}}, title = {{Book number {i}}}, edition = {{2}},"
    " publisher = {{Example Press}}, year = {{{year}}}}}\n",
    "@incollection{{c{i}, author = {{Chapter{i}, Cy and Two, Dee}}, title = {{Chapter {i}}},"
    " booktitle = {{Edited book}}, editor = {{Editor, Eve and Second, Sam}}, pages = {{5--9}},"
    " publisher = {{Example Press}}, year = {{{year}}}}}\n",
    "@online{{d{i}, author = {{{{Example Organization {i}}}}}, title = {{Page {i}}},"
    " url = {{https://example.org/{i}}}, date = {{{year}-05-03}}}}\n",
]


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> str:
    return "".join(
        TEMPLATES[i % len(TEMPLATES)].format(i=i, year=1950 + i % 70) for i in range(1000)
    )


def test_formatting_1000_references_takes_well_under_a_second(
    thousand: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    diags = Diagnostics(tmp_path)
    bib = parse_bibliography(thousand, tmp_path / "bibliography.bib", diags)
    assert len(bib) == 1000 and not diags.items

    # The per-page path must not parse BibTeX again: make any attempt fail loudly.
    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bibliography was parsed again while formatting")

    monkeypatch.setattr(bibtex_module, "Splitter", no_parsing)
    groups = [find_citations(f"[@{ref.key}, p. 3]")[0] for ref in bib]
    fmt = fmt_for(bib)
    started = time.perf_counter()
    references = [fmt.reference(ref.key) for ref in bib]
    citations = [fmt.in_text(group) for group in groups]
    elapsed = time.perf_counter() - started
    assert len(references) == len(citations) == 1000
    assert elapsed < 0.5, f"{elapsed:.3f} s for 1,000 references and citations"

    # A second page citing the same works costs only cache lookups.
    started = time.perf_counter()
    for ref in bib:
        fmt.reference(ref.key)
    assert time.perf_counter() - started < elapsed
