"""Atomic builds: a build that fails, or is killed at any moment, leaves the last good
``site/`` exactly as it was, and nothing half-built where a host would publish it.

A build writes into a hidden staging folder beside ``site/`` and swaps it in at the end
(``orchestrate.swap_into_place``). These tests kill real builds (the whole process group,
with SIGKILL, so nothing can clean up) during each stage, then check the old site, and
that the next build removes what the killed one left behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ipt_library.mkdocs_plugin.orchestrate import STAGING_PREFIX, exchange, swap_into_place

from .conftest import FIXTURES, IGNORED, run_cli
from .test_reproducible import PAGEFIND_INDEX

pytestmark = pytest.mark.build

LANGS = ("en", "es", "ar")


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def without_search_index(files: dict[str, str]) -> dict[str, str]:
    """Pagefind's filter order differs between builds (see test_reproducible)."""
    return {k: v for k, v in files.items() if not PAGEFIND_INDEX.search(k)}


def staging_folders(library: Path) -> list[Path]:
    return sorted(library.glob(f"{STAGING_PREFIX}site-*"))


def visible(library: Path) -> list[str]:
    """What a host could publish or a person would see in the library's folder."""
    return sorted(p.name for p in library.iterdir() if not p.name.startswith("."))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("atomic") / "library"
    shutil.copytree(FIXTURES / "basic", folder, ignore=IGNORED)
    result = run_cli(folder, "build")
    assert result.returncode == 0, result.stderr
    return folder


def change_a_source(library: Path) -> None:
    """So that the interrupted build would have produced a different site."""
    text = library / "resources" / "what-is-ipt" / "en.md"
    text.write_text(text.read_text(encoding="utf-8") + f"\nEdited {time.time_ns()}.\n")


Stage = Callable[[Path], bool]


def rendering_pdfs(staging: Path) -> bool:
    return (staging / "pdf").is_dir() and not any((staging / lang).exists() for lang in LANGS)


def building_languages(staging: Path) -> bool:
    return any((staging / lang / "index.html").exists() for lang in LANGS)


def finishing(staging: Path) -> bool:
    return (staging / "root").is_dir()


def kill_build_when(library: Path, stage: Stage) -> bool:
    """Start `ipt-library build`; SIGKILL its process group once ``stage`` is seen.

    Returns False if the build ended before that stage was seen."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ipt_library", "build"],
        cwd=library,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers die with it
    )
    deadline = time.monotonic() + 300
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if any(stage(staging) for staging in staging_folders(library)):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=60)
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


def recover(library: Path) -> dict[str, str]:
    """The next build: it must succeed and remove the killed build's staging folder."""
    result = run_cli(library, "build")
    assert result.returncode == 0, result.stderr
    assert staging_folders(library) == []
    return snapshot(library / "site")


@pytest.mark.parametrize(
    "stage",
    [rendering_pdfs, building_languages],
    ids=["while rendering PDFs", "while building the languages"],
)
def test_a_killed_build_leaves_the_previous_site(library: Path, stage: Stage) -> None:
    before = snapshot(library / "site")
    seen = visible(library)
    change_a_source(library)
    if stage is rendering_pdfs:
        shutil.rmtree(library / ".cache", ignore_errors=True)  # so the PDFs are rendered
    assert kill_build_when(library, stage), "the build finished before it could be killed"
    assert snapshot(library / "site") == before
    assert visible(library) == seen  # nothing half-built beside site/ either
    assert len(staging_folders(library)) == 1  # left by the killed build (hidden) ...
    after = recover(library)  # ... and removed by the next one
    assert without_search_index(after) != without_search_index(before)


def test_a_build_killed_while_finishing_leaves_a_whole_site(library: Path) -> None:
    """Killed around the swap: site/ is the old site or the new one, never a mixture."""
    before = snapshot(library / "site")
    change_a_source(library)
    assert kill_build_when(library, finishing), "the build finished before it could be killed"
    observed = without_search_index(snapshot(library / "site"))
    after = without_search_index(recover(library))
    assert observed in (without_search_index(before), after)


def test_a_build_failing_inside_mkdocs_leaves_the_previous_site(library: Path) -> None:
    """`check` passes, then a language build fails (a warning under --strict)."""
    before = snapshot(library / "site")
    page = library / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nSee [a page that is not there](nothing.md).\n")
    try:
        result = run_cli(library, "build", "--strict")
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "build failed:" in result.stderr and "site/ is unchanged" in result.stderr
    assert snapshot(library / "site") == before
    assert staging_folders(library) == []


def test_the_swap_never_leaves_the_site_missing(tmp_path: Path) -> None:
    """While sites are swapped in again and again, site/ always exists, whole."""
    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("0")
    missing: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (final / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for generation in range(1, 300):
            staging = tmp_path / f"{STAGING_PREFIX}site-{generation}"
            (staging / "root").mkdir(parents=True)
            (staging / "root" / "index.html").write_text(str(generation))
            swap_into_place(staging, final)
            assert not staging.exists()
    finally:
        stop.set()
        watcher.join()
    assert (final / "index.html").read_text() == "299"
    assert missing == []


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "from-a").touch()
    (second / "from-b").touch()
    if not exchange(first, second):
        pytest.skip("this system cannot exchange two paths atomically")
    assert [p.name for p in first.iterdir()] == ["from-b"]
    assert [p.name for p in second.iterdir()] == ["from-a"]
