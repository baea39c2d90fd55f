"""Reproducible builds: the same sources built twice give the same bytes, PDFs included.

The fixture library is copied to two folders of different names and built in two processes
that differ in everything that should not matter: the folder, Python's hash seed (set
iteration order), the time zone and the locale. No PDF cache is shared, so both builds
render every PDF. Every file of the two sites is compared.

One known exception is Pagefind's filter and metadata index: Pagefind (1.5) writes them
from hash maps in arbitrary order (upstream: Pagefind/pagefind#638, fixed there for the
fragments only). Those files are compared as permutations of the same content; the
expected failure below records the gap until they are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, IGNORED

pytestmark = pytest.mark.build

#: Pagefind's per-language filter and metadata indexes, and the entry naming them.
PAGEFIND_INDEX = re.compile(
    r"(?:^|/)pagefind/(?:filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
)


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    sites = []
    running = []
    for index, extra in enumerate(ENVIRONMENTS):
        folder = root / ("first" if index == 0 else "second-copy") / "library"
        shutil.copytree(FIXTURES / "basic", folder, ignore=IGNORED)
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | extra
        running.append(
            subprocess.Popen(
                [sys.executable, "-m", "ipt_library", "build"],
                cwd=folder,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        sites.append(folder / "site")
    for process in running:
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output
    return sites[0], sites[1]


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (digests(site) for site in two_builds)
    stable_first = {k: v for k, v in first.items() if not PAGEFIND_INDEX.search(k)}
    stable_second = {k: v for k, v in second.items() if not PAGEFIND_INDEX.search(k)}
    assert sorted(stable_first) == sorted(stable_second)  # the same files ...
    differing = sorted(k for k in stable_first if stable_first[k] != stable_second[k])
    assert differing == []  # ... with the same bytes
    assert sum(1 for k in stable_first if k.endswith(".pdf")) >= 4  # PDFs rendered twice
    assert sum(1 for k in stable_first if k.endswith(".html")) >= 50
    assert "sitemap.xml" in stable_first


def _index_contents(bundle: Path) -> tuple[list[bytes], list[bytes], object]:
    """A Pagefind bundle's filter and metadata indexes with their order and names removed.

    The metadata names each filter file by a hash of its bytes, so each name is replaced
    by one of the same length made from the filter's sorted bytes before comparing."""
    filters = []
    canonical: dict[bytes, bytes] = {}
    for path in sorted(bundle.glob("filter/*.pf_filter")):
        content = bytes(sorted(gzip.decompress(path.read_bytes())))
        filters.append(content)
        lang, _, digest = path.stem.rpartition("_")
        token = hashlib.sha256(content).hexdigest()[: len(digest)]
        canonical[path.stem.encode()] = f"{lang}_{token}".encode()
    metas = []
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        content = gzip.decompress(path.read_bytes())
        for name, stand_in in canonical.items():
            content = content.replace(name, stand_in)
        metas.append(bytes(sorted(content)))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        language.pop("hash")
    return sorted(filters), metas, entry


def test_the_search_index_differs_at_most_in_order(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    bundles = sorted(p.parent.relative_to(first) for p in first.glob("**/pagefind-entry.json"))
    assert len(bundles) == 3  # one per language
    for bundle in bundles:
        assert _index_contents(first / bundle) == _index_contents(second / bundle), bundle


@pytest.mark.xfail(
    strict=False,  # the order is random: now and then the two builds happen to agree
    reason="Pagefind writes filter and metadata indexes in hash-map order "
    "(Pagefind/pagefind#638); ipt_library.search could sort and rename them",
)
def test_the_search_index_is_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (digests(site) for site in two_builds)
    index_first = {k: v for k, v in first.items() if PAGEFIND_INDEX.search(k)}
    index_second = {k: v for k, v in second.items() if PAGEFIND_INDEX.search(k)}
    assert index_first == index_second
