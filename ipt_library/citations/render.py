"""Thin calls into ``templates/citations/``: all markup lives in the templates.

``env`` is the language's Jinja2 environment from ``ipt_library.templating.template_env``
(autoescaping on, gettext installed), so headings and labels come out translated.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from markupsafe import Markup

from .apa import ListedReference
from .model import InText, Segment

MACROS = "citations/macros.html.j2"
REFERENCE_LIST = "citations/reference-list.html.j2"
CITE_THIS = "citations/cite-this.html.j2"


def _macro(env: jinja2.Environment, name: str) -> jinja2.runtime.Macro:
    macro: jinja2.runtime.Macro = getattr(env.get_template(MACROS).module, name)
    return macro


def render_segments(env: jinja2.Environment, segments: Sequence[Segment]) -> Markup:
    return Markup(_macro(env, "segments")(segments))


def render_in_text(env: jinja2.Environment, citation: InText) -> Markup:
    """One in-text citation as inline HTML, for ``replace_citations``."""
    return Markup(_macro(env, "in_text")(citation))


def render_reference_list(
    env: jinja2.Environment,
    references: Sequence[ListedReference],
    *,
    heading: str | None = None,
    heading_id: str = "references",
    level: int = 2,
) -> str:
    """A reference list; ``heading=None`` gives the translated "References", "" none."""
    return env.get_template(REFERENCE_LIST).render(
        references=references, heading=heading, heading_id=heading_id, level=level
    )


def render_cite_this(
    env: jinja2.Environment,
    citation: Sequence[Segment],
    *,
    bibtex_href: str,
    ris_href: str,
    csl_json_href: str,
    heading_id: str = "cite-this",
) -> str:
    """The "Cite this resource" box: APA text plus BibTeX, RIS and CSL-JSON downloads."""
    return env.get_template(CITE_THIS).render(
        citation=citation,
        bibtex_href=bibtex_href,
        ris_href=ris_href,
        csl_json_href=csl_json_href,
        heading_id=heading_id,
    )
