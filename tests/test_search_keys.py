"""What a language's search bundle is made from: which pages Pagefind reads, and what of
them counts (see ipt_library.search: a bundle is reused while its key is the same)."""

from __future__ import annotations

from ipt_library.search import _marked, _without_notices


def test_a_page_is_marked_for_search_only_by_the_attribute_in_a_tag() -> None:
    assert _marked(b'<main><div class="ipt-search-body" data-pagefind-body>text</div>')
    assert _marked(b'<div data-pagefind-body="">') and _marked(b"<div\ndata-pagefind-body/>")
    assert not _marked(b"<p>a page about the data-pagefind-body attribute</p>")
    assert not _marked(b"<div data-pagefind-bodyguard>") and not _marked(b"<div>plain</div>")


def test_notices_are_left_out_of_what_a_search_bundle_is_made_from() -> None:
    page = (
        b'<p>a</p>\n<div class="ipt-notice ipt-notice--outdated" role="note">\n'
        b'<p>old <a href="x">read</a></p>\n</div>\n<p>b</p>\n'
        b'<div class="ipt-notice ipt-notice--machine" role="note"><p>m</p></div>\n<p>c</p>'
    )
    assert _without_notices(page) == b"<p>a</p>\n<p>b</p>\n<p>c</p>"
    # A notice with a div inside is not simple: from there on, the page stays as it is.
    nested = b'<p>a</p><div class="ipt-notice"><div>x</div></div><p>b</p>'
    assert _without_notices(nested) == nested
    assert _without_notices(b"<p>no notice</p>") == b"<p>no notice</p>"
