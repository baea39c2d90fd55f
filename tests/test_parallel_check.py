"""The check in parts (one process per core for a large library) finds exactly what one
check over everything finds, including bibliography entries cited by one part only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ipt_library import pipeline
from ipt_library.checks import check_library
from ipt_library.config import load_config
from ipt_library.diagnostics import Diagnostics
from ipt_library.loader import load_library

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import synthetic

EXTRA_BIB = """
@book{extra2020,
  author = {Doe, Jane},
  title = {An extra book},
  publisher = {Nobody},
  year = {2020}
}

@book{unused2020,
  author = {Doe, John},
  title = {An unused book},
  publisher = {Nobody},
  year = {2020}
}

@book{pageonly2020,
  author = {Roe, Richard},
  title = {A book cited by a page},
  publisher = {Nobody},
  year = {2020}
}
"""


@pytest.mark.skipif(not pipeline.can_fork(), reason="needs fork and a single thread")
@pytest.mark.parametrize("jobs", [2, 3])
def test_check_in_parts_matches_one_check(tmp_path: Path, jobs: int) -> None:
    synthetic.generate(tmp_path, 220, ["en", "es"], baseline=False, pdf=False)
    ours = tmp_path / "ours"
    with (ours / "bibliography.bib").open("a", encoding="utf-8") as f:
        f.write(EXTRA_BIB)
    res = ours / "resources"
    with (res / "resource-0011" / "en.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [x](../nonexistent/), [@nokey] and [@extra2020].\n")
    with (res / "resource-0010" / "es.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [z](files/missing.pdf).\n")
    meta = res / "resource-0012" / "resource.yml"
    meta.write_text(meta.read_text() + "related: [resource-9999, resource-0012]\n")
    with (ours / "docs" / "about.md").open("a", encoding="utf-8") as f:
        f.write("\nCited: [@pageonly2020].\n")

    loaded = Diagnostics(ours)
    library = load_library(load_config(ours / "mkdocs.yml", loaded), loaded)
    whole = Diagnostics(ours)
    check_library(library, whole)
    parts = Diagnostics(ours)
    pipeline.check_in_parts(library, parts, jobs=jobs)

    assert parts.sorted() == whole.sorted()
    assert len(parts.items) == len(whole.items)
    codes = {d.code for d in whole.items}
    assert {"broken-link", "unknown-citation", "unknown-related", "missing-file"} <= codes
    uncited = {d.message for d in whole.items if d.code == "bib-uncited"}
    assert uncited == {"'unused2020' is not cited anywhere"}


@pytest.mark.skipif(not pipeline.can_fork(), reason="needs fork and a single thread")
def test_pdf_jobs_prepared_in_parts_are_the_same_jobs(tmp_path: Path) -> None:
    from ipt_library.documents import pdf_jobs
    from ipt_library.mkdocs_plugin.orchestrate import _pdf_jobs_in_parts

    synthetic.generate(tmp_path, 110, ["en"], baseline=False, pdf=True)
    library, diags = pipeline.open_library(tmp_path / "ours" / "mkdocs.yml")
    assert not diags.has_errors
    out = tmp_path / "pdf"
    assert _pdf_jobs_in_parts(library, out) == pdf_jobs(library, out)
