"""Build several languages in parallel processes and publish them atomically.

Every language is its own MkDocs build (its own theme language, search language and
output folder). Builds write into a staging folder next to ``site/``; only when all of
them succeed is the staging folder renamed into place, so a failed or interrupted build
never damages the last good site.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..config import LibraryConfig
from ..documents import pdf_jobs
from ..model import Library
from ..pdf import PdfJob, render_pdfs
from ..pipeline import LibraryPart, can_fork
from ..postbuild import finalize
from ..search import SearchError, build_indexes
from .shared_assets import keep_one

log = logging.getLogger("mkdocs.plugins.ipt_library")

LANG_ENV = "IPT_LIBRARY_LANG"
PDF_ENV = "IPT_LIBRARY_PDF_DIR"
PROFILE_ENV = "IPT_LIBRARY_PROFILE_DIR"
CHILD_ENV = "IPT_LIBRARY_CHILD"
STAGING_PREFIX = ".site-staging-"


class BuildFailed(Exception):
    pass


def new_staging(final: Path) -> Path:
    """A fresh staging folder beside ``final``; stale ones from killed builds are removed."""
    parent = final.parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f"{STAGING_PREFIX}{final.name}-*"):
        pid = stale.name.rsplit("-", 2)[-2]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    staging = parent / f"{STAGING_PREFIX}{final.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard_staging(final: Path) -> None:
    for stale in final.parent.glob(f"{STAGING_PREFIX}{final.name}-{os.getpid()}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _build_one(config_file: str, lang: str, out_dir: str, strict: bool) -> tuple[str, float]:
    """Run in a worker process: one MkDocs build of one language."""
    os.environ[LANG_ENV] = lang
    os.environ[CHILD_ENV] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError

    start = time.monotonic()
    profile_dir = os.environ.get(PROFILE_ENV)
    try:
        cfg = load_config(config_file, site_dir=out_dir, strict=strict)
        if profile_dir:  # for the benchmark: where does a language build spend its time?
            import cProfile

            # CPU time, not wall time: the figures stay meaningful on a busy machine.
            profile = cProfile.Profile(time.process_time)
            try:
                profile.runcall(build, cfg)
            finally:
                profile.dump_stats(str(Path(profile_dir) / f"build-{lang}.prof"))
        else:
            build(cfg)
    except (Abort, BuildError) as exc:
        raise BuildFailed(f"{lang}: {exc}") from None
    return lang, time.monotonic() - start


def render_pdfs_for(library: Library, staging: Path) -> Path:
    """Render (or take from the cache) every PDF before the pages that link to them."""
    pdf_root = staging / "pdf"
    stats = render_pdfs(
        _pdf_jobs_in_parts(library, pdf_root),
        cache_dir=library.config.root / ".cache" / "pdf",
        locales=library.config.locales_path,
    )
    log.info("PDFs: %d rendered, %d from the cache", stats.rendered, stats.cached)
    return pdf_root


#: The library whose PDF jobs are being prepared, inherited by the forked processes.
_planning: list[tuple[LibraryPart, Path]] = []


def _plan_part(index: int) -> list[PdfJob]:
    part, out_root = _planning[index]
    return pdf_jobs(part, out_root)


def _pdf_jobs_in_parts(library: Library, out_root: Path) -> list[PdfJob]:
    """Every PDF job, prepared on every core for a large library.

    A job holds its text rendered to HTML (Markdown, citations, worksheet fields), and its
    cache key is a hash of that, so even a build whose PDFs are all cached renders every
    printable text once (about 4 ms each: 20 s at 500 resources x 10 languages on one
    core). Contiguous parts of the resources keep the jobs in their usual order.
    """
    workers = min(os.cpu_count() or 1, len(library.resources) // 50 or 1)
    if workers < 2 or not can_fork():
        return pdf_jobs(library, out_root)
    size = -(-len(library.resources) // workers)
    _planning[:] = [
        (
            LibraryPart(
                config=library.config,
                resources=library.resources[i : i + size],
                pages=library.pages,
                bibliography=library.bibliography,
                whole=library,
            ),
            out_root,
        )
        for i in range(0, len(library.resources), size)
    ]
    import multiprocessing

    try:
        with multiprocessing.get_context("fork").Pool(len(_planning)) as pool:
            parts = pool.map(_plan_part, range(len(_planning)))
    finally:
        _planning.clear()
    return [job for part in parts for job in part]


def place_pdfs(config: LibraryConfig, staging: Path) -> None:
    """Move rendered PDFs into each language's folder of the assembled site."""
    pdf_root = staging / "pdf"
    root = staging / "root"
    if not pdf_root.is_dir():
        return
    default = config.default_language.code
    built = set(built_languages(config, root))
    for lang_dir in sorted(pdf_root.iterdir()):
        if lang_dir.name not in built:
            continue  # that language was not built this time
        target_root = root if lang_dir.name == default else root / lang_dir.name
        for pdf in lang_dir.rglob("*.pdf"):
            target = target_root / pdf.relative_to(lang_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            pdf.replace(target)
    shutil.rmtree(pdf_root, ignore_errors=True)


def build_languages(
    config_file: Path, langs: list[str], staging: Path, *, strict: bool = False, jobs: int = 0
) -> dict[str, Path]:
    """Build ``langs`` into ``staging/<lang>`` in parallel; raise BuildFailed on any failure."""
    outputs = {lang: staging / lang for lang in langs}
    if not langs:
        return outputs
    workers = jobs or min(len(langs), os.cpu_count() or 1)
    if workers == 1 or len(langs) == 1:
        for lang in langs:
            _build_one(str(config_file), lang, str(outputs[lang]), strict)
        return outputs
    import multiprocessing

    ctx = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [
            pool.submit(_build_one, str(config_file), lang, str(outputs[lang]), strict)
            for lang in langs
        ]
        errors = []
        for future in futures:
            try:
                future.result()
            except BuildFailed as exc:
                errors.append(str(exc))
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
        if errors:
            raise BuildFailed("; ".join(errors))
    return outputs


def assemble(config: LibraryConfig, staging: Path, extra: dict[str, Path] | None = None) -> Path:
    """Move each language's output under the default language's root.

    The default language lives at ``staging/root``; others move to ``root/<code>/``.
    """
    root = staging / "root"
    default = config.default_language.code
    outputs = dict(extra or {})
    for code in config.codes:
        candidate = staging / code
        if candidate.is_dir():
            outputs.setdefault(code, candidate)
    if default in outputs and outputs[default] != root:
        outputs[default].rename(root)
        outputs[default] = root
    root.mkdir(exist_ok=True)
    for code, path in outputs.items():
        if code == default:
            continue
        target = root / code
        if target.exists():
            shutil.rmtree(target)
        path.rename(target)
    keep_one(root, [root / code for code in outputs if code != default])
    return root


def built_languages(config: LibraryConfig, root: Path) -> list[str]:
    default = config.default_language.code
    return [
        code
        for code in config.codes
        if ((root / "index.html").exists() if code == default else (root / code).is_dir())
    ]


def finish(config: LibraryConfig, staging: Path, final: Path) -> None:
    """Whole-site files, then the atomic swap."""
    root = staging / "root"
    try:
        build_indexes(config, root, built_languages(config, root))
    except SearchError as exc:
        raise BuildFailed(str(exc)) from None
    finalize(config, root, built_languages(config, root))
    swap_into_place(staging, final)


def swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging/root``, the old copy removed last.

    Where the system can, the two folders trade places in one step, so ``final`` always
    holds a whole site; otherwise two renames leave it missing for an instant between them
    (never partial)."""
    new = staging / "root"
    old = staging / "previous"
    if final.exists() and exchange(new, final):
        shutil.rmtree(staging, ignore_errors=True)  # staging/root now holds the old site
        return
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(staging, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False if the
    system or file system cannot (then nothing has changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl < 1.2.?)
        return False
    directory, name = ctypes.c_int, ctypes.c_char_p
    renameat2.argtypes = [directory, name, directory, name, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(done == 0)
