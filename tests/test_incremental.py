"""The preview server's rebuilds (``ipt-library serve``) reload, recheck and render only what
an edit changed, and end with the same library, problems and pages as a full build."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config as mkdocs_config
from mkdocs.config.defaults import MkDocsConfig

from ipt_library.config import load_config
from ipt_library.diagnostics import Diagnostics
from ipt_library.incremental import IncrementalLibrary
from ipt_library.pipeline import load_checked

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    synthetic.generate(root, 24, ["en", "es"], baseline=False, pdf=False)
    return root / "ours"


@pytest.fixture
def library_root(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ours"
    shutil.copytree(template, root)
    return root


def _full(root: Path) -> tuple[list[str], object]:
    diags = Diagnostics(root)
    library = load_checked(load_config(root / "mkdocs.yml", diags), diags)
    return [d.format() for d in diags.sorted()], (library.resources, library.pages)


def _incremental(inc: IncrementalLibrary, root: Path) -> tuple[list[str], object]:
    diags = Diagnostics(root)
    library = inc.load(load_config(root / "mkdocs.yml", diags), diags)
    return [d.format() for d in diags.sorted()], (library.resources, library.pages)


def _append(path: Path, text: str) -> None:
    # A later modification time than the last load saw, whatever the clock's resolution.
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_incremental_library_matches_a_full_load(library_root: Path) -> None:
    inc = IncrementalLibrary()
    assert _incremental(inc, library_root) == _full(library_root)
    assert inc.last.full

    assert _incremental(inc, library_root) == _full(library_root)
    assert inc.last.nothing

    # A broken link and an unknown citation in one resource: only its folder is reloaded.
    _append(library_root / "resources/resource-0003/en.md", "\n[x](../nowhere/) [@nokey]\n")
    found = _incremental(inc, library_root)
    assert found == _full(library_root)
    assert inc.last.folders == ["resource-0003"] and not inc.last.full
    assert any("broken-link" in line for line in found[0])
    assert any("unknown-citation" in line for line in found[0])

    # A page's text: only the pages are reloaded.
    _append(library_root / "docs/about.md", "\nMore text.\n")
    assert _incremental(inc, library_root) == _full(library_root)
    assert inc.last.pages and not inc.last.folders and not inc.last.full

    # A new resource: everything is loaded again.
    shutil.copytree(library_root / "resources/resource-0001", library_root / "resources/new-one")
    assert _incremental(inc, library_root) == _full(library_root)
    assert inc.last.full

    # A resource that no longer loads (bad type), then fixed.
    meta = library_root / "resources/resource-0005/resource.yml"
    original = meta.read_text(encoding="utf-8")
    meta.write_text(original.replace("type: handout", "type: nonsense"), encoding="utf-8")
    assert _incremental(inc, library_root) == _full(library_root)
    meta.write_text(original, encoding="utf-8")
    assert _incremental(inc, library_root) == _full(library_root)


def test_an_uncited_entry_is_reported_only_when_nothing_cites_it(library_root: Path) -> None:
    inc = IncrementalLibrary()
    before = _incremental(inc, library_root)[0]
    assert not any("bib-uncited" in line for line in before)
    # cuijpers2016 is cited by every resource's text; remove it from all but one, then that.
    texts = sorted((library_root / "resources").glob("*/*.md"))
    for path in texts[1:]:
        path.write_text(path.read_text(encoding="utf-8").replace("[@cuijpers2016, p. 682]", ""))
    assert _incremental(inc, library_root) == _full(library_root)
    assert not any("bib-uncited" in line for line in _full(library_root)[0])
    last = texts[0]
    last.write_text(last.read_text(encoding="utf-8").replace("[@cuijpers2016, p. 682]", ""))
    found = _incremental(inc, library_root)
    assert found == _full(library_root)
    assert any("'cuijpers2016' is not cited anywhere" in line for line in found[0])


class Preview:
    """The plugin as ``mkdocs serve --dirty`` drives it, without the server."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root = root
        self.site = site
        self.first = True

    def config(self) -> MkDocsConfig:
        cfg = mkdocs_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        cfg.site_url = SERVE_URL
        return cfg

    def rebuild(self) -> None:
        cfg = self.config()
        if self.first:
            cfg.plugins.on_startup(command="serve", dirty=True)
            self.first = False
        build(cfg, serve_url=SERVE_URL, dirty=True)

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def mtime(self, path: str) -> int:
        return (self.site / path / "index.html").stat().st_mtime_ns


@pytest.fixture
def preview(library_root: Path, tmp_path: Path) -> Iterator[Preview]:
    cwd = os.getcwd()
    os.chdir(library_root)
    try:
        yield Preview(library_root, tmp_path / "served")
    finally:
        os.chdir(cwd)


def test_preview_rebuilds_only_what_an_edit_changes(preview: Preview) -> None:
    preview.rebuild()
    other = preview.mtime("resources/resource-0010")
    catalogue = preview.mtime("resources")

    # The body of one resource: its page changes; other pages are not rendered again.
    synthetic.edit_text(preview.root, "resource-0002", "en", "firstedit")
    preview.rebuild()
    page = preview.page("resources/resource-0002")
    assert "firstedit" in page
    assert preview.mtime("resources/resource-0010") == other
    assert preview.mtime("resources") == catalogue
    # The navigation names the pages this rebuild did not read (MkDocs would say "None").
    about = re.search(r'<a href="[^"]*about/" class="md-nav__link">(.*?)</a>', page, re.S)
    assert about is not None and about.group(1).split() == [
        "<span",
        'class="md-ellipsis">',
        "About",
        "</span>",
    ]

    # A title: the catalogue and the pages listing it as related show the new one.
    holders = [
        p.parent.name
        for p in sorted((preview.site / "resources").glob("resource-*/index.html"))
        if "resources/resource-0002/" in p.read_text(encoding="utf-8")
        and p.parent.name != "resource-0002"
    ]
    assert holders
    synthetic.set_title(preview.root, "resource-0002", "en", "A brand new title")
    preview.rebuild()
    assert "A brand new title" in preview.page("resources")
    assert "A brand new title" in preview.page("resources/resource-0002")
    for slug in holders:
        assert "A brand new title" in preview.page(f"resources/{slug}")

    # A hand-written page: rendered again with the rest (its title is in every page's nav).
    _append(preview.root / "docs/about.md", "\nA sentence added to the page.\n")
    preview.rebuild()
    assert "A sentence added to the page." in preview.page("about")

    # A new resource appears in the catalogue.
    shutil.copytree(preview.root / "resources/resource-0001", preview.root / "resources/zz-new")
    synthetic.set_title(preview.root, "zz-new", "en", "The newest resource")
    preview.rebuild()
    assert "The newest resource" in preview.page("resources")
    assert "The newest resource" in preview.page("resources/zz-new")
