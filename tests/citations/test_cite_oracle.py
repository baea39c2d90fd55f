"""Oracle: our APA formatter against citeproc-py 0.11.1 with the official APA CSL style.

Both format the same data (our CSL-JSON export of each reference), so a difference is a
formatting difference, not a parsing one. Outputs are compared as plain text. Every
remaining difference is listed below with the APA 7 rule that makes ours right; a listed
difference that disappears fails the test too, so the explanations stay true.

``data/apa.csl`` is the "American Psychological Association 7th edition" style from
https://github.com/citation-style-language/styles (CC BY-SA 3.0, see its <rights>).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from ipt_library.citations import Bibliography, csl_item, find_citations, load_bibliography
from ipt_library.diagnostics import Diagnostics

from .conftest import DATA, REAL_BIBLIOGRAPHY, fmt_for

STYLE = DATA / "apa.csl"

_EDS = (
    "APA 9.10 and 10.3 write the editor label capitalised, '(Ed.)'/'(Eds.)'; citeproc-py "
    "ignores apa.csl's text-case=\"title\" on the label and prints '(eds.)'."
)
_EDITED_BOOK = (
    "APA 10.2 names the editors of an edited book once, in the author position with "
    "'(Ed.)'/'(Eds.)'; citeproc-py does not suppress the editors it substituted for the "
    "author (CSL substitution rule) and repeats them after the title, in lower case."
)
_REPORT = (
    "APA 9.29 leaves out the publisher when it is the group author itself, and APA 9.19 "
    "labels a report number 'Report No.'; citeproc-py repeats the organisation as "
    "publisher and prints a bare 'No.' because the entry has no genre."
)
_SITE = (
    "APA 9.29 and 10.16 leave out the site name when it is the same as the group author; "
    "citeproc-py repeats it."
)
_SUFFIX = (
    "APA 8.19 and 9.47 give works by the same author in the same year the suffixes a, b "
    "(ordered by title) in the list and in text; citeproc-py 0.11.1 does not implement "
    "apa.csl's disambiguate-add-year-suffix."
)
_ADD_NAMES = (
    "APA 8.18: two works that would both shorten to 'Mufson et al., 2004' get as many "
    "names as it takes to tell them apart, and et al. never stands for a single name, so "
    "the 4-author book is written in full and the trial as 'Mufson, Dorta, Wickramaratne, "
    "et al.'; citeproc-py 0.11.1 does not implement apa.csl's disambiguate-add-names."
)


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    reference_differences: dict[str, str]
    in_text_differences: dict[str, str]


REAL = Case(
    "real bibliography.bib",
    REAL_BIBLIOGRAPHY,
    {
        "weissman2018guide": (
            "APA 9.19 writes an edition that is not a number with 'ed.' after it, "
            "'(Updated and expanded ed.)'; citeproc-py prints the edition's words alone."
        ),
        "who2016group": _REPORT,
    },
    {"mufson2004book": _ADD_NAMES, "mufson2004trial": _ADD_NAMES},
)

FIXTURE = Case(
    "types.bib fixture",
    DATA / "types.bib",
    {
        "chapman2018chapter": _EDS,
        "solo2017chapter": _EDS,
        "editor2020edited": _EDITED_BOOK,
        "editors2021edited": _EDITED_BOOK,
        "eho2015report": _REPORT,
        "eho2022page": _SITE,
        "same2016alpha": _SUFFIX,
        "same2016beta": _SUFFIX,
    },
    {"same2016alpha": _SUFFIX, "same2016beta": _SUFFIX},
)


def _cases() -> Iterator[Case]:
    # The real bibliography when the library has one; the fixture always.
    if REAL_BIBLIOGRAPHY.exists():
        yield REAL
    yield FIXTURE


def plain(text: str) -> str:
    return " ".join(text.split())


def citeproc_outputs(bib: Bibliography) -> tuple[dict[str, str], dict[str, str]]:
    """citeproc-py's reference-list entries and parenthetical citations, by key."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        source = CiteProcJSON([csl_item(ref) for ref in bib])
        style = CitationStylesStyle(str(STYLE), validate=False)
        processor = CitationStylesBibliography(style, source, formatter.plain)
        citations = {}
        for ref in bib:
            citation = Citation([CitationItem(ref.key)])
            processor.register(citation)
            citations[ref.key] = citation
        references = {
            item.key: plain(str(text))
            for item, text in zip(processor.items, processor.bibliography(), strict=True)
        }
        in_text = {
            key: plain(str(processor.cite(citation, lambda _item: None)))
            for key, citation in citations.items()
        }
    return references, in_text


@pytest.mark.parametrize("case", list(_cases()), ids=lambda c: c.name)
def test_formatter_agrees_with_citeproc(case: Case) -> None:
    started = time.perf_counter()
    diags = Diagnostics(case.path.parent)
    bib = load_bibliography(case.path, diags)
    assert not diags.has_errors, [d.format() for d in diags.items]
    assert len(bib) > 0
    fmt = fmt_for(bib)
    theirs_ref, theirs_cite = citeproc_outputs(bib)
    assert set(theirs_ref) == {r.key for r in bib}

    ref_diffs: dict[str, tuple[str, str]] = {}
    cite_diffs: dict[str, tuple[str, str]] = {}
    for ref in bib:
        ours = plain(fmt.reference_text(ref.key))
        if ours != theirs_ref[ref.key]:
            ref_diffs[ref.key] = (ours, theirs_ref[ref.key])
        ours_cite = fmt.in_text(find_citations(f"[@{ref.key}]")[0]).text
        if ours_cite != theirs_cite[ref.key]:
            cite_diffs[ref.key] = (ours_cite, theirs_cite[ref.key])

    unexplained = {k: v for k, v in ref_diffs.items() if k not in case.reference_differences}
    assert not unexplained, f"reference-list differences without an APA reason: {unexplained}"
    stale = set(case.reference_differences) - set(ref_diffs)
    assert not stale, f"documented differences that no longer occur: {sorted(stale)}"
    unexplained = {k: v for k, v in cite_diffs.items() if k not in case.in_text_differences}
    assert not unexplained, f"in-text differences without an APA reason: {unexplained}"
    stale = set(case.in_text_differences) - set(cite_diffs)
    assert not stale, f"documented in-text differences that no longer occur: {sorted(stale)}"
    assert time.perf_counter() - started < 20


def test_every_reason_is_a_sentence_citing_apa() -> None:
    for case in (REAL, FIXTURE):
        for reason in [*case.reference_differences.values(), *case.in_text_differences.values()]:
            assert reason.startswith("APA ") and reason.endswith(".")
