"""Continuous integration: annotations on pull requests, workflow files, and the publish path
(per-language builds joined by `ipt-library assemble`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, run_cli

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,:]+),line=(?P<line>\d+),"
    r"title=(?P<title>[a-z0-9-]+)::(?P<message>.+)$"
)


# --- check --format github ----------------------------------------------------------------


def test_check_github_format_points_at_the_bad_lines(basic_site: Path) -> None:
    meta = basic_site / "resources" / "what-is-ipt" / "resource.yml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    type_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("type:"))
    lines[type_line - 1] = "type: leaflet"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    video = basic_site / "resources" / "talk-video" / "resource.yml"
    video_lines = [*video.read_text(encoding="utf-8").splitlines(), "related: [no-such-one]"]
    video.write_text("\n".join(video_lines) + "\n", encoding="utf-8")
    text = basic_site / "resources" / "my-worksheet" / "en.md"
    text.write_text(
        text.read_text(encoding="utf-8") + "\nSee [this](http://example.org/page).\n",
        encoding="utf-8",
    )
    link_line = len(text.read_text(encoding="utf-8").splitlines())

    result = run_cli(basic_site, "check", "--format", "github")
    assert result.returncode == 1
    annotations = [ANNOTATION.match(line) for line in result.stdout.splitlines()]
    found = [m for m in annotations if m]
    other = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("::") and not ANNOTATION.match(line)
    ]
    assert not other, other
    by_title = {(m["level"], m["file"], m["title"]): m for m in found}

    bad_type = by_title[("error", "resources/what-is-ipt/resource.yml", "unknown-value")]
    assert int(bad_type["line"]) == type_line
    assert "'leaflet'" in bad_type["message"]
    related = by_title[("error", "resources/talk-video/resource.yml", "unknown-related")]
    assert int(related["line"]) == len(video_lines)
    insecure = by_title[("warning", "resources/my-worksheet/en.md", "insecure-link")]
    assert int(insecure["line"]) == link_line
    # Every annotation is one line: hints with line breaks are escaped, not broken.
    assert all("\n" not in m["message"] for m in found)
    assert re.search(
        r"^checked \d+ resources .*: 2 error\(s\), 1 warning\(s\)$", result.stdout, re.M
    )


def test_check_github_format_escapes_newlines_and_commas(basic_site: Path) -> None:
    # missing-source-hash has a hint spanning several lines.
    translation = basic_site / "resources" / "what-is-ipt" / "es.md"
    text = translation.read_text(encoding="utf-8")
    text = re.sub(r"translation:\n(?:  .*\n)+", "", text)
    translation.write_text(text, encoding="utf-8")
    result = run_cli(basic_site, "check", "--format", "github")
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "title=missing-source-hash" in line)
    match = ANNOTATION.match(line)
    assert match is not None
    assert "%0A" in match["message"]
    assert match["file"] == "resources/what-is-ipt/es.md"


def test_clean_library_gives_no_annotations(basic_site: Path) -> None:
    result = run_cli(basic_site, "check", "--format", "github")
    assert result.returncode == 0, result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]


# --- workflow files -----------------------------------------------------------------------


def load(path: Path) -> Any:
    # PyYAML (YAML 1.1) reads the key `on:` as True.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_run(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def uses(job: dict[str, Any]) -> list[str]:
    return [str(step["uses"]) for step in job["steps"] if "uses" in step]


def all_workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def test_pull_request_workflow_jobs() -> None:
    flow = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in flow["on"]
    jobs = flow["jobs"]
    assert set(jobs) == {"check", "test", "build", "properdocs"}
    assert "ipt-library check --format github" in steps_run(jobs["check"])
    assert "pip install -r requirements-lock.txt" in steps_run(jobs["check"])
    assert any(u.startswith("actions/setup-python@") for u in uses(jobs["check"]))
    python = next(
        s
        for s in jobs["check"]["steps"]
        if str(s.get("uses", "")).startswith("actions/setup-python@")
    )
    assert python["with"]["python-version"] == "3.11"
    assert "make test" in steps_run(jobs["test"])
    assert "ipt-library build" in steps_run(jobs["build"])
    upload = next(s for s in jobs["build"]["steps"] if "upload-artifact" in str(s.get("uses")))
    assert upload["with"]["path"].rstrip("/") == "site"
    properdocs = steps_run(jobs["properdocs"])
    assert 'pip install "properdocs' in properdocs and "properdocs build" in properdocs
    assert flow["permissions"] == {"contents": "read"}


def test_publish_workflow_builds_each_language_and_deploys() -> None:
    flow = load(WORKFLOWS / "publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    assert {"languages", "build", "assemble", "deploy"} <= set(jobs)
    assert "ipt-library languages --json" in steps_run(jobs["languages"])
    build = jobs["build"]
    assert build["needs"] == "languages"
    assert "fromJSON(needs.languages.outputs.codes)" in build["strategy"]["matrix"]["lang"]
    assert 'ipt-library build --lang "${{ matrix.lang }}" --site-dir out' in steps_run(build)
    assert "SITE_URL" in build["env"]
    assemble = jobs["assemble"]
    assert set(assemble["needs"]) == {"languages", "build"}
    assert "ipt-library assemble parts/site-* --site-dir site" in steps_run(assemble)
    assert "SITE_URL" in assemble["env"]
    download = next(s for s in assemble["steps"] if "download-artifact" in str(s.get("uses")))
    assert download["with"]["pattern"] == "site-*"
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses(assemble))
    deploy = jobs["deploy"]
    assert any(u.startswith("actions/deploy-pages@") for u in uses(deploy))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


@pytest.mark.parametrize("path", all_workflow_files(), ids=lambda p: p.name)
def test_actions_are_pinned_by_major_version(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for ref in uses(job):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", ref), ref
        assert "runs-on" in job
        assert isinstance(job.get("timeout-minutes", 0), int)


def test_workflow_run_steps_only_call_commands_that_exist() -> None:
    """The ipt-library subcommands the workflows call are real ones (help exits 0)."""
    called: set[str] = set()
    for path in all_workflow_files():
        for job in load(path)["jobs"].values():
            called |= set(re.findall(r"ipt-library ([a-z-]+)", steps_run(job)))
    assert {"check", "build", "languages", "assemble", "fields"} <= called
    for name in sorted(called):
        assert run_cli(ROOT, name, "--help").returncode == 0, name


def schema_check(schema: str, *files: Path) -> None:
    """Validate with check-jsonschema's vendored schemas (no network), when installed."""
    tool = shutil.which("check-jsonschema") or str(
        Path(__import__("sys").executable).parent / "check-jsonschema"
    )
    if not Path(tool).exists():
        pytest.skip("check-jsonschema is not installed; the structural tests still run")
    result = subprocess.run(
        [tool, "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_match_the_github_schema() -> None:
    schema_check("vendor.github-workflows", *all_workflow_files())


def test_dependabot_config() -> None:
    data = load(GITHUB / "dependabot.yml")
    assert data["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in data["updates"]}
    assert set(ecosystems) == {"pip", "github-actions"}
    for update in ecosystems.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}
    schema_check("vendor.dependabot", GITHUB / "dependabot.yml")


def test_issue_forms() -> None:
    forms = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
    names = {p.stem for p in forms}
    assert {"new-resource", "translation", "error-report", "config"} <= names
    for path in forms:
        if path.stem == "config":
            continue
        form = load(path)
        assert form["name"] and form["description"] and form["body"]
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), path
    schema_check("vendor.github-issue-forms", *(p for p in forms if p.stem != "config"))
    schema_check("vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")


def test_pull_request_template_asks_for_check_and_licence() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "ipt-library check" in text and "CC BY 4.0" in text and "source_hash" in text


def test_pre_commit_hooks() -> None:
    data = load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in data["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "ipt-library-check"} <= set(hooks)
    assert hooks["ipt-library-check"]["entry"] == "ipt-library check"
    assert hooks["ipt-library-check"]["pass_filenames"] is False
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        if "files" in hook:
            re.compile(hook["files"])


def test_code_of_conduct_is_the_contributor_covenant() -> None:
    text = (ROOT / "CODE_OF_CONDUCT.md").read_text(encoding="utf-8")
    assert text.startswith("# Contributor Covenant Code of Conduct")
    assert "version 2.1" in text and "## Enforcement Guidelines" in text


# --- the publish path, for real -------------------------------------------------------------


@pytest.mark.build
def test_single_language_builds_assemble_into_one_site(basic_site: Path) -> None:
    parts = basic_site / "parts"
    for code in ("en", "ar"):
        built = run_cli(basic_site, "build", "--lang", code, "--site-dir", f"parts/site-{code}")
        assert built.returncode == 0, built.stderr
    joined = run_cli(
        basic_site, "assemble", "parts/site-en", "parts/site-ar", "--site-dir", "public"
    )
    assert joined.returncode == 0, joined.stderr
    assert "en, ar" in joined.stdout
    site = basic_site / "public"
    assert (site / "index.html").is_file()
    assert (site / "ar" / "index.html").is_file()
    assert not (site / "es").exists()
    assert (site / "_headers").is_file() and (site / "robots.txt").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/library/ar/" in sitemap
    assert 'hreflang="x-default"' in sitemap
    assert not (site / "ar" / "sitemap.xml").exists()
    # The parts are left alone, so a failed job can be retried.
    assert (parts / "site-ar" / "ar" / "index.html").is_file()

    twice = run_cli(basic_site, "assemble", "parts/site-ar", "parts/site-ar", "--site-dir", "x")
    assert twice.returncode == 1 and "'ar' is built in both" in twice.stderr
    empty = basic_site / "parts" / "empty"
    empty.mkdir()
    nothing = run_cli(basic_site, "assemble", "parts/empty", "--site-dir", "x")
    assert nothing.returncode == 1 and "holds no built language" in nothing.stderr
    assert not (basic_site / "x").exists()


def test_languages_json_is_a_matrix() -> None:
    result = run_cli(ROOT, "languages", "--json")
    assert result.returncode == 0
    codes = json.loads(result.stdout)
    assert codes[0] == "en" and len(codes) == len(set(codes)) >= 6
