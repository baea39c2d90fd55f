"""PDFs are cached by content, rendered in parallel, and identical from build to build."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from ipt_library.pdf import FAMILIES, render_pdfs, stylesheet_text

from .conftest import make_job, worksheet_body

BODY = """\
Some text.

```field
name: note
kind: lines
label: A note
lines: 2
```
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unchanged_rebuild_renders_nothing_and_a_change_renders_only_that(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    body = worksheet_body(BODY)
    jobs = [make_job(tmp_path / "a", body_html=body, slug=s) for s in ("one", "two", "three")]
    first = render_pdfs(jobs, cache_dir=cache, workers=2, progress=False)  # a real pool
    assert (first.rendered, first.cached) == (3, 0)
    before = {job.slug: digest(job.output) for job in jobs}

    for job in jobs:
        job.output.unlink()
    second = render_pdfs(jobs, cache_dir=cache, workers=2, progress=False)
    assert (second.rendered, second.cached) == (0, 3)
    assert {job.slug: digest(job.output) for job in jobs} == before

    changed = [*jobs[:2], dataclasses.replace(jobs[2], title="A new title")]
    third = render_pdfs(changed, cache_dir=cache, workers=2, progress=False)
    assert (third.rendered, third.cached) == (1, 2)
    assert digest(jobs[2].output) != before["three"]
    assert pypdf.PdfReader(jobs[2].output).metadata.title == "A new title"  # type: ignore[union-attr]


def test_the_output_path_is_not_part_of_the_key(tmp_path: Path) -> None:
    job = make_job(tmp_path / "a")
    elsewhere = dataclasses.replace(job, output=tmp_path / "b" / "copy.pdf")
    stats = render_pdfs([job, elsewhere], cache_dir=tmp_path / "cache", workers=1, progress=False)
    assert (stats.rendered, stats.cached) == (1, 1)
    assert digest(job.output) == digest(elsewhere.output)


def test_source_date_epoch_fixes_the_dates_and_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = make_job(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render_pdfs([job], cache_dir=cache, workers=1, progress=False).rendered == 1
    info = pypdf.PdfReader(job.output).metadata
    assert info is not None and info["/CreationDate"] == "D:20231114221320Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert render_pdfs([job], cache_dir=cache, workers=1, progress=False).rendered == 1


RENDER_ONCE = """
import sys
from pathlib import Path
from tests.pdf.conftest import make_job, worksheet_body
from ipt_library.pdf import render_pdfs
body = worksheet_body(sys.argv[2])
job = make_job(Path(sys.argv[1]), body_html=body, lang="ar", direction="rtl", title="ورقة عمل")
render_pdfs([job], cache_dir=Path(sys.argv[1]) / "cache", workers=1, progress=False)
print(job.output)
"""


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", RENDER_ONCE, str(tmp_path / seed), BODY],
            cwd=root,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(Path(result.stdout.strip()))
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert b"/ID" not in outputs[0].read_bytes()


def test_every_font_family_in_the_stylesheet_is_in_the_cache_key() -> None:
    named = set(re.findall(r'"(Noto [^"]+)"', stylesheet_text()))
    assert named and named <= set(FAMILIES)
