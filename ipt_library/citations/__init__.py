"""Citations: ``bibliography.bib`` to APA 7 in-text citations, reference lists and exports.

The package knows nothing of MkDocs. A build loads the bibliography once, makes one
formatter per language, and reuses both for every page (nothing on the per-page path
re-reads or re-parses the .bib file; formatted references are cached per formatter).

Loading (once per build)::

    bib = load_bibliography(root / "bibliography.bib", diags)      # -> Bibliography
    bib.get("Klerman1984")            # case-insensitive -> Reference | None
    list(bib)                         # Reference objects in APA reference-list order
    bib.in_order(keys)                # the known works among keys, APA order, once each

Diagnostics (``bibliography.bib:LINE: code: message``, 1-based lines; loading never
raises and goes on past bad entries): ``bib-syntax`` (a block that cannot be parsed, or a
missing comma between fields), ``bib-duplicate-key`` (compared without case; the first
entry wins), ``bib-duplicate-field`` (the first value wins), ``bib-missing-field`` (per
entry type, see ``bibliography.REQUIRED``), ``bib-bad-doi`` (a DOI must be ``10.NNNN/...``;
a pasted ``https://doi.org/`` or ``doi:`` prefix is accepted and removed), ``bib-bad-url``,
``bib-bad-year``, ``bib-bad-name``, ``bib-latex``, ``bib-unknown-type`` (formatted as
@misc), ``bib-missing`` (no file). ``report_uncited(bib, cited_keys, diags)`` adds
``bib-uncited`` at info level for ``ipt-library check``.

Markdown (per page)::

    groups = find_citations(body, first_line=n)   # list[CitationGroup], with 1-based lines
    cited = check_citations(groups, bib, path, diags)   # unknown-citation + did-you-mean
    check_key(key, bib, path, line, diags)        # for keys listed in resource.yml
    html_md = replace_citations(body, lambda g: render_in_text(env, fmt.in_text(g)))

Formatting (one formatter per language)::

    fmt = ApaFormatter(bib, gettext_for(locales, lang), lang)
    fmt.in_text(group) -> InText          # segments linking each work to #ref-<key>
    fmt.reference(key) -> list[Segment]   # Segment(text, style: plain|italic|link, href)
    fmt.sort_key(key)                     # APA reference-list order
    fmt.listed(keys) -> list[ListedReference]   # for reference-list.html.j2 (with COinS)
    fmt.format(reference) -> list[Segment]      # any Reference, e.g. a resource's own

Templates (``ipt_library/templates/citations/``; ``env = templating.template_env(locales,
lang)``; all markup is in the templates, Python only passes segments)::

    render_in_text(env, in_text) -> Markup          # macros.html.j2 ``in_text``: a
        # <span class="citation" dir="auto"> with one <a href="#ref-<key>"> per work
    render_reference_list(env, fmt.listed(keys), heading=None, heading_id="references",
                          level=2) -> str           # reference-list.html.j2: <ul> of
        # <li id="ref-<key>" dir="auto" lang=...> + COinS <span class="Z3988">
    render_cite_this(env, segments, bibtex_href=..., ris_href=..., csl_json_href=...,
                     heading_id="cite-this") -> str # cite-this.html.j2
    render_segments(env, segments) -> Markup        # any Segment list (e.g. a reading)

"Cite this resource" and machine-readable exports (all take a ``Reference``)::

    ref = resource_reference(key=slug, title=..., authors=["IPT Library editors"],
                             site_name="IPT Library", url=..., language="en",
                             date=datetime.date(...), description="")
    resource_citation(fmt, **same_arguments) -> list[Segment]
    to_bibtex(ref), to_ris(ref), to_csl_json(ref) -> str
    highwire_meta(ref) -> list[tuple[str, str]]     # <meta name=... content=...>
    coins(ref) -> str                               # title of <span class="Z3988">

Terms ("et al.", "&", "and", "Ed.", "Eds.", "ed.", "p.", "pp.", "n.d.", "Retrieved ...
from", "In", "Vol." ...) are marked with ``N_`` in ``terms.py`` for Babel extraction and
translated through the ``gettext`` the formatter is given; ordinals ("2nd ed.") follow
the language's CLDR ordinal rules via Babel.
"""

from __future__ import annotations

from .apa import ApaFormatter, ListedReference, anchor_id
from .bibliography import Bibliography, CiteNames, load_bibliography, parse_bibliography
from .export import (
    coins,
    csl_item,
    highwire_meta,
    resource_citation,
    resource_reference,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from .model import Citation, CitationGroup, InText, Locator, Name, Reference, Segment
from .render import render_cite_this, render_in_text, render_reference_list, render_segments
from .syntax import (
    check_citations,
    check_key,
    find_citations,
    replace_citations,
    report_uncited,
)

__all__ = [
    "ApaFormatter",
    "Bibliography",
    "Citation",
    "CitationGroup",
    "CiteNames",
    "InText",
    "ListedReference",
    "Locator",
    "Name",
    "Reference",
    "Segment",
    "anchor_id",
    "check_citations",
    "check_key",
    "coins",
    "csl_item",
    "find_citations",
    "highwire_meta",
    "load_bibliography",
    "parse_bibliography",
    "render_cite_this",
    "render_in_text",
    "render_reference_list",
    "render_segments",
    "replace_citations",
    "report_uncited",
    "resource_citation",
    "resource_reference",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]
