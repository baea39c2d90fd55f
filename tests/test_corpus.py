"""The bad-input corpus: every kind of broken input is reported at its line, never crashes
the tools, and never changes a site that was already published.

Each case is a folder in ``tests/bad_input/`` (see its README): files laid over the small
good library in ``_base/`` and a ``case.toml`` with the expected ``path:line: code: message``.
Every case runs ``ipt-library check``; the cases marked ``build = true`` (one or more per
kind of input) also run ``ipt-library build`` over an already built ``site/``, which must
stay byte-for-byte the same.

The commands run as the command line's own entry point (``ipt_library.cli.main``) in a
process each, one per core, forked from a server that imported it once: the same code as
the installed command without paying its start-up for every case (a crash, even a
segfault, still ends only that process).
``test_forked_runs_match_the_installed_command`` checks that the two agree.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "bad_input"
BASE = CORPUS / "_base"
CLI = [sys.executable, "-m", "ipt_library"]
CHECK = ["check", "--no-readability"]
BUILD = ["build"]
#: Seconds before a forked command is killed (it would be a hang to report).
TIMEOUT = 300
#: IPT_CORPUS_BUILD_ALL=1 runs the build for every case, not only those marked build = true.
BUILD_ALL = os.environ.get("IPT_CORPUS_BUILD_ALL") == "1"
EXPECT = re.compile(r"^(?P<location>.+?:\d+: [a-z0-9-]+: )(?P<fragment>.*)$")
_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\\)")
#: Every kind of input the library reads must have cases.
INPUT_KINDS = {
    "resource metadata",
    "attachments",
    "file system",
    "markdown text",
    "raw HTML",
    "translations",
    "worksheets",
    "bibliography",
    "catalogs",
    "mkdocs.yml options",
}


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    about: str
    input: str
    expect: str
    build: bool = False
    known_issue: str = ""
    remove: tuple[str, ...] = ()
    symlinks: dict[str, str] = field(default_factory=dict)
    sized: dict[str, int] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)

    @property
    def location(self) -> str:
        """``path:line: code: `` exactly as the line starts."""
        match = EXPECT.match(self.expect)
        assert match, f"{self.name}: expect must read 'path:line: code: message'"
        return match.group("location")

    @property
    def fragment(self) -> str:
        match = EXPECT.match(self.expect)
        assert match
        return match.group("fragment")


def load_cases() -> list[Case]:
    cases = []
    for folder in sorted(CORPUS.iterdir()):
        if not folder.is_dir() or folder.name.startswith(("_", ".")):
            continue
        spec = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
        cases.append(
            Case(
                name=folder.name,
                folder=folder,
                about=spec["about"],
                input=spec["input"],
                expect=spec["expect"],
                build=BUILD_ALL or spec.get("build", False),
                known_issue=spec.get("known_issue", ""),
                remove=tuple(spec.get("remove", ())),
                symlinks=dict(spec.get("symlinks", {})),
                sized=dict(spec.get("sized", {})),
                outside=dict(spec.get("outside", {})),
            )
        )
    return cases


CASES = load_cases()


def decode_escapes(raw: bytes) -> bytes:
    r"""``\xNN`` is that byte, ``\uNNNN`` and ``\UNNNNNNNN`` that character in UTF-8,
    ``\\`` a backslash.

    Lets a case hold bytes that are not UTF-8, or invisible characters, in a plain file.
    """

    def one(match: re.Match[bytes]) -> bytes:
        token = match.group(1)
        if token == b"\\":
            return b"\\"
        if token.startswith(b"x"):
            return bytes([int(token[1:], 16)])
        return chr(int(token[1:], 16)).encode("utf-8")

    return _ESCAPE.sub(one, raw)


def materialise(case: Case, repo: Path) -> None:
    """Lay the case over a copy of the base library in ``repo``."""
    for source in sorted(case.folder.rglob("*")):
        if source.is_dir() or source.name == "case.toml":
            continue
        rel = source.relative_to(case.folder).as_posix()
        data = source.read_bytes()
        if rel.endswith(".esc"):
            rel, data = rel[: -len(".esc")], decode_escapes(data)
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel in case.remove:
        (repo / rel).unlink()
    for rel, text in case.outside.items():
        target = repo.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel, link_target in case.symlinks.items():
        link = repo / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(link_target)
    for rel, size in case.sized.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:  # sparse: the size costs no disk space
            fh.write(b"%PDF-1.7\n" if target.suffix == ".pdf" else b"text\n")
            fh.truncate(size)


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, in a new interpreter."""
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


@dataclass(frozen=True)
class Job:
    key: str
    args: list[str]
    cwd: Path


def run_forked(jobs: list[Job], outputs: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run each job as ``ipt-library <args>`` in its own process, one process per core.

    The processes are forked from a fresh single-threaded server that imported the command
    line once (multiprocessing's forkserver), not from the test process, whose threads
    could hold locks a plain fork would copy."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ipt_library.cli", "ipt_library.mkdocs_plugin.build"])
    workers = os.cpu_count() or 1
    pending = list(jobs)
    running: dict[int, tuple[Job, BaseProcess]] = {}
    done: dict[str, subprocess.CompletedProcess[str]] = {}
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            process = context.Process(target=_child, args=(job, outputs))
            process.start()
            running[process.sentinel] = (job, process)
        for sentinel in multiprocessing.connection.wait(list(running)):
            assert isinstance(sentinel, int)
            finished, ended = running.pop(sentinel)
            ended.join()
            out, err = (outputs / f"{finished.key}.{name}" for name in ("out", "err"))
            done[finished.key] = subprocess.CompletedProcess(
                finished.args,
                ended.exitcode if ended.exitcode is not None else -1,
                out.read_text(encoding="utf-8", errors="replace"),
                err.read_text(encoding="utf-8", errors="replace"),
            )
    return done


def _child(job: Job, outputs: Path) -> None:
    """``ipt-library <args>`` in ``job.cwd``, its output in files; ends the process."""
    code = 70
    try:
        os.chdir(job.cwd)
        for fd, name in ((1, "out"), (2, "err")):
            target = os.open(outputs / f"{job.key}.{name}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, fd)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        signal.alarm(TIMEOUT)
        from ipt_library.cli import main

        try:
            main(args=job.args, prog_name="ipt-library")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()  # as the interpreter would: the test looks for it
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


@dataclass
class Outcome:
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str] | None
    site_before: dict[str, str]
    site_after: dict[str, str]
    leftovers: list[str]


@pytest.fixture(scope="session")
def built_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("corpus-base") / "repo"
    shutil.copytree(BASE, repo)
    check = run(CHECK, repo)
    assert check.returncode == 0, check.stderr
    build = run(BUILD, repo)
    assert build.returncode == 0, build.stderr
    return repo


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, built_base: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    """Run every selected case once, in parallel; the tests then read the outcomes."""
    wanted = {
        item.callspec.params["case"].name
        for item in request.session.items
        if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"), Case)
    }
    selected = [c for c in CASES if c.name in wanted]
    workdir = tmp_path_factory.mktemp("corpus")
    outputs = workdir / "_outputs"
    outputs.mkdir()
    repos: dict[str, Path] = {}
    before: dict[str, dict[str, str]] = {}
    for case in selected:
        repo = workdir / case.name / "repo"
        # `check` writes nothing: only the cases that also build need a built site/.
        ignore = None if case.build else shutil.ignore_patterns("site")
        shutil.copytree(built_base, repo, symlinks=True, ignore=ignore)
        materialise(case, repo)
        repos[case.name] = repo
        before[case.name] = snapshot(repo / "site") if case.build else {}
    checks = run_forked([Job(c.name, CHECK, repos[c.name]) for c in selected], outputs)
    builds = run_forked([Job(c.name, BUILD, repos[c.name]) for c in selected if c.build], outputs)
    results = {}
    for case in selected:
        repo = repos[case.name]
        results[case.name] = Outcome(
            checks[case.name],
            builds.get(case.name),
            before[case.name],
            snapshot(repo / "site") if case.build else {},
            sorted(p.name for p in repo.iterdir() if p.name.startswith(".site-staging-")),
        )
        shutil.rmtree(repo.parent, ignore_errors=True)  # sized files, copies of the site
    return results


def params(cases: list[Case]) -> list[object]:
    marks = {
        c.name: [pytest.mark.xfail(reason=c.known_issue, strict=True)] if c.known_issue else []
        for c in cases
    }
    return [pytest.param(case, id=case.name, marks=marks[case.name]) for case in cases]


def test_the_corpus_covers_every_input_with_many_kinds() -> None:
    kinds = Counter(case.input for case in CASES)
    assert set(kinds) == INPUT_KINDS, kinds
    assert len(CASES) >= 60
    assert all(n >= 4 for n in kinds.values()), kinds
    built = {case.input for case in CASES if case.build}
    assert built == INPUT_KINDS  # every kind of input is also tried against the build
    for case in CASES:
        assert case.location and case.fragment, case.name


def test_the_base_library_is_clean(built_base: Path) -> None:
    assert (built_base / "site" / "index.html").is_file()
    assert (built_base / "site" / "es" / "resources" / "good" / "index.html").is_file()


def matching_line(output: str, case: Case) -> str | None:
    for line in output.splitlines():
        if line.startswith(case.location) and case.fragment in line:
            return line
    return None


@pytest.mark.parametrize("case", params(CASES))
def test_check_reports_the_problem_at_its_line(case: Case, outcomes: dict[str, Outcome]) -> None:
    result = outcomes[case.name].check
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    assert matching_line(result.stderr, case), f"{case.expect!r} not in:\n{result.stderr}"


@pytest.mark.parametrize("case", params([c for c in CASES if c.build]))
def test_build_refuses_and_leaves_the_site_untouched(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[case.name]
    assert outcome.build is not None
    output = outcome.build.stdout + outcome.build.stderr
    assert "Traceback" not in output, output
    assert outcome.build.returncode == 1, output
    assert matching_line(outcome.build.stderr, case), output
    assert "site/ is unchanged" in outcome.build.stderr
    assert outcome.site_after == outcome.site_before
    assert outcome.leftovers == []


def _diagnostic_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("checked ")]


@pytest.mark.parametrize("name", ["meta-alias-loop", "text-javascript-link"])
def test_forked_runs_match_the_installed_command(
    name: str, built_base: Path, tmp_path: Path
) -> None:
    case = next(c for c in CASES if c.name == name)
    repo = tmp_path / "repo"
    shutil.copytree(built_base, repo, symlinks=True)
    materialise(case, repo)
    forked = run_forked([Job("check", CHECK, repo), Job("build", BUILD, repo)], tmp_path)
    for key, args in (("check", CHECK), ("build", BUILD)):
        real = run(args, repo)
        assert forked[key].returncode == real.returncode == 1
        assert _diagnostic_lines(forked[key].stderr) == _diagnostic_lines(real.stderr)
