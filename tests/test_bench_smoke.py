"""The benchmark script cannot rot: its generator and our build run at 5 resources x 2
languages, and its measurements and report come out. It asserts behaviour, not timing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench
import synthetic


def test_generator_writes_both_layouts_with_the_same_text(tmp_path: Path) -> None:
    synthetic.generate(tmp_path, 5, ["en", "ar"], baseline=True, pdf=False)
    ours = tmp_path / "ours" / "resources" / "resource-0001"
    base = tmp_path / "baseline" / "docs" / "resources"
    assert sorted(p.name for p in ours.iterdir()) == ["ar.md", "en.md", "resource.yml"]
    assert (base / "resource-0001.md").is_file() and (base / "resource-0001.ar.md").is_file()
    arabic = (ours / "ar.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert arabic in (base / "resource-0001.ar.md").read_text(encoding="utf-8")
    assert "source_hash" in (ours / "ar.md").read_text(encoding="utf-8")
    assert "```field" in (tmp_path / "ours/resources/resource-0001/en.md").read_text()
    assert "```field" not in (tmp_path / "ours/resources/resource-0002/en.md").read_text()
    assert "language: ar" in (tmp_path / "baseline" / "mkdocs.yml").read_text()


def test_our_build_is_measured_and_reported(tmp_path: Path) -> None:
    synthetic.generate(tmp_path, 5, ["en", "es"], baseline=False, pdf=False)
    result, out = bench.build_ours(tmp_path, 5, 2, print)
    assert result.returncode == 0, result.log[-2000:]
    assert result.wall > 0 and result.cpu > 0 and result.peak_bytes > 0
    assert out.resource_page_median > 0 and out.resource_page_max >= out.resource_page_median
    assert out.pages > 10 and out.bytes > out.pdf_bytes == 0
    assert out.search_note.startswith("Pagefind") and out.search_gzip > 0
    # Shared assets: one copy at the root, none under the other language.
    site = tmp_path / "ours" / "site"
    assert (site / "assets").is_dir() and not (site / "es" / "assets").exists()

    warm, edited = bench.rebuild_ours(tmp_path, print, slug="resource-0001")
    assert warm.returncode == 0 and edited.returncode == 0, warm.log + edited.log
    page = (site / "resources" / "resource-0001" / "index.html").read_text(encoding="utf-8")
    assert "warmedit" in page  # the edited rebuild shows the edit

    size = bench.SizeResult(
        5, 2, ours=result, ours_out=out, ours_warm=warm, ours_edit=edited, base_note="not built."
    )
    text = bench.report([size], None, None, 0.0, "0.0")
    assert "### 5 resources x 2 languages" in text
    assert "| wall s (cold: no caches) | " in text and "| HTML per resource page (median) |" in text
    assert "nothing changed" in text and "after editing one resource" in text


def test_sizes_and_a_baseline_search_index(tmp_path: Path) -> None:
    assert bench.parse_sizes("50x1, 500x10,1000") == [(50, 1), (500, 10), (1000, 1)]
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    index.write_text('{"docs": []}' * 100)
    files, note = bench.search_first_query(tmp_path)
    assert files == [index] and note.startswith("Material")
    assert bench.inspect_output(tmp_path).search_raw == index.stat().st_size
