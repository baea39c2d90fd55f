"""The Jinja2 templates render segments, anchors, COinS and "Cite this resource"."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import parse_qsl

import jinja2
import lxml.html
import pytest
from babel.messages.extract import extract_from_file

import ipt_library.citations.terms as terms_module
from ipt_library.citations import (
    ApaFormatter,
    Bibliography,
    find_citations,
    load_bibliography,
    parse_bibliography,
    render_cite_this,
    render_in_text,
    render_reference_list,
    replace_citations,
    resource_citation,
)
from ipt_library.diagnostics import Diagnostics
from ipt_library.templating import template_env

from .conftest import DATA, fmt_for


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return template_env(None, "en")


@pytest.fixture(scope="module")
def fmt() -> ApaFormatter:
    bib: Bibliography = load_bibliography(DATA / "types.bib", Diagnostics(DATA))
    return fmt_for(bib)


def test_in_text_html_links_each_work(env: jinja2.Environment, fmt: ApaFormatter) -> None:
    group = find_citations("[see @author2019book, p. 3; @writer2020article]")[0]
    html = str(render_in_text(env, fmt.in_text(group)))
    span = lxml.html.fragment_fromstring(html)
    assert span.tag == "span" and span.get("class") == "citation"
    assert span.get("dir") == "auto"
    assert span.get("data-cites") == "author2019book writer2020article"
    assert span.text_content() == "(see Author & Writer, 2019, p. 3; Writer et al., 2020)"
    assert [(a.get("href"), a.text) for a in span.iter("a")] == [
        ("#ref-author2019book", "Author & Writer, 2019"),
        ("#ref-writer2020article", "Writer et al., 2020"),
    ]
    assert "&amp;" in html  # escaped by the template, not by Python


def test_replace_citations_in_markdown(env: jinja2.Environment, fmt: ApaFormatter) -> None:
    markdown = "As @author2019book wrote [-@author2019book, p. 2]. `[@code]`"
    out = replace_citations(markdown, lambda g: render_in_text(env, fmt.in_text(g)))
    assert out.startswith('As <span class="citation" data-cites="author2019book" dir="auto">')
    assert out.endswith("`[@code]`")
    assert ">Author and Writer (2019)</a></span> wrote" in out


def test_reference_list(env: jinja2.Environment, fmt: ApaFormatter) -> None:
    html = render_reference_list(env, fmt.listed(["writer2020article", "eho2015report"]))
    section = lxml.html.fragment_fromstring(html)
    assert section.get("aria-labelledby") == "references"
    assert section.find("h2").text == "References"
    items = section.findall(".//li")
    # APA order, stable anchors, left-to-right isolation on right-to-left pages.
    assert [li.get("id") for li in items] == ["ref-eho2015report", "ref-writer2020article"]
    assert all(li.get("dir") == "auto" for li in items)
    article = items[1]
    assert [e.text for e in article.findall("em")] == ["Journal of Examples", "12"]
    (link,) = article.findall("a")
    assert link.get("href") == link.text == "https://doi.org/10.5555/jex.2020.12.3"
    (z3988,) = article.find_class("Z3988")
    assert z3988.tag == "span"
    assert dict(parse_qsl(z3988.get("title")))["rft.atitle"] == "Title of the article"
    assert article.text_content() == fmt.reference_text("writer2020article")


def test_reference_list_heading_options(env: jinja2.Environment, fmt: ApaFormatter) -> None:
    html = render_reference_list(env, fmt.listed(["writer2020article"]), heading="", heading_id="x")
    assert "<h2" not in html and "aria-labelledby" not in html
    html = render_reference_list(
        env, fmt.listed(["writer2020article"]), heading="Evidence", heading_id="evidence", level=3
    )
    assert '<h3 id="evidence">Evidence</h3>' in html


def test_reference_language_attribute(env: jinja2.Environment, tmp_path: Path) -> None:
    bib = parse_bibliography(
        "@misc{a, title = {T}, language = {english}}\n@misc{b, title = {U}, langid = {zz zz}}",
        tmp_path / "b.bib",
        Diagnostics(tmp_path),
    )
    items = lxml.html.fragment_fromstring(
        render_reference_list(env, fmt_for(bib).listed(["a", "b"]))
    ).findall(".//li")
    assert [li.get("lang") for li in items] == ["en", None]


def test_cite_this(env: jinja2.Environment, fmt: ApaFormatter) -> None:
    segments = resource_citation(
        fmt,
        key="grief",
        title="Grief <and> mourning",
        authors=["IPT Library editors"],
        site_name="IPT Library",
        url="https://example.org/grief/",
        date=datetime.date(2026, 11, 22),
    )
    html = render_cite_this(
        env, segments, bibtex_href="grief.bib", ris_href="grief.ris", csl_json_href="grief.json"
    )
    section = lxml.html.fragment_fromstring(html)
    assert section.find("h2").text == "Cite this resource"
    text = section.find_class("cite-this-text")[0]
    assert text.find("em").text == "Grief <and> mourning"
    assert "&lt;and&gt;" in html
    downloads = [
        (a.get("href"), a.get("type"))
        for a in section.find_class("cite-this-downloads")[0].iter("a")
    ]
    assert downloads == [
        ("grief.bib", "application/x-bibtex"),
        ("grief.ris", "application/x-research-info-systems"),
        ("grief.json", "application/vnd.citationstyles.csl+json"),
    ]


def test_every_term_is_extractable_by_babel() -> None:
    path = terms_module.__file__
    found = {
        message for _, message, _, _ in extract_from_file("python", path, keywords={"N_": None})
    }
    terms = {
        value
        for name, value in vars(terms_module).items()
        if name.isupper() and isinstance(value, str)
    }
    assert terms and terms <= found
    for term in ("et al.", "&", "and", "Ed.", "Eds.", "{edition} ed.", "p.", "pp.", "n.d."):
        assert term in found
    for term in ("Retrieved {date}, from", "In", "Vol."):
        assert term in found
