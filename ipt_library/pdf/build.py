"""Render many PDFs: cached by content hash, in parallel across cores."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from .cache import cache_key, cache_path
from .job import PdfJob, PdfStats
from .render import document_html, render_pdf, stylesheet_text


class PdfRenderError(RuntimeError):
    """WeasyPrint failed on a job (a bug to report, not an editor's mistake)."""


def render_pdfs(
    jobs: Sequence[PdfJob],
    *,
    cache_dir: Path,
    locales: Path | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> PdfStats:
    """Write every job's PDF to its ``output``, rendering only what is not cached.

    ``workers`` defaults to the number of cores and ``progress`` to whether stderr is a
    terminal (both decided at call time). Jobs whose documents are identical are
    rendered once.
    """
    started = time.perf_counter()
    css = stylesheet_text()
    todo: dict[str, tuple[PdfJob, str, Path]] = {}
    cached_paths: list[tuple[PdfJob, Path]] = []
    for job in jobs:
        html = document_html(job, locales=locales)
        key = cache_key(html, css)
        path = cache_path(cache_dir, key)
        cached_paths.append((job, path))
        if not path.exists() and key not in todo:
            todo[key] = (job, html, path)
    show = sys.stderr.isatty() if progress is None else progress
    _render_missing(list(todo.values()), css, workers or os.cpu_count() or 1, show)
    for job, path in cached_paths:
        job.output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, job.output)
    return PdfStats(
        rendered=len(todo),
        cached=len(jobs) - len(todo),
        seconds=round(time.perf_counter() - started, 3),
    )


def _render_missing(
    tasks: list[tuple[PdfJob, str, Path]], css: str, workers: int, show: bool
) -> None:
    bar = _Progress(len(tasks), sys.stderr if show else None)
    if workers <= 1 or len(tasks) <= 1:
        for job, html, path in tasks:
            render_to_cache(job, html, css, path)
            bar.step()
        bar.done()
        return
    # forkserver: workers start from a clean process with WeasyPrint already imported,
    # instead of forking a parent that may hold fontconfig/GLib state or threads.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ipt_library.pdf.render"])
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        futures: list[Future[None]] = [
            pool.submit(render_to_cache, job, html, css, path) for job, html, path in tasks
        ]
        for future in as_completed(futures):
            future.result()
            bar.step()
    bar.done()


def render_to_cache(job: PdfJob, html: str, css: str, path: Path) -> None:
    """Render one job into the cache (atomically: a crash leaves no half file)."""
    try:
        data = render_pdf(job, html, css)
    except Exception as exc:
        raise PdfRenderError(f"the PDF of {job.slug} ({job.lang}) failed: {exc}") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


class _Progress:
    """One updating line on a terminal: ``PDFs: 12/40``."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.count = 0
        self.stream = stream if total else None

    def step(self) -> None:
        self.count += 1
        if self.stream is not None:
            width = 24
            filled = width * self.count // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\rPDFs [{bar}] {self.count}/{self.total}")
            self.stream.flush()

    def done(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
