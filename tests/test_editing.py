"""Editors' commands, run for real: new, translate, new-language, status, languages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ipt_library.config import load_config
from ipt_library.diagnostics import Diagnostics, Severity
from ipt_library.editing.coverage import coverage
from ipt_library.editing.errors import EditingError
from ipt_library.editing.languages import insert_language, normalise_code
from ipt_library.editing.placeholders import MARKER, check_placeholders
from ipt_library.editing.scaffold import TYPE_SPECIFIC
from ipt_library.editing.translate import recorded_hash, set_hash
from ipt_library.model import Status, content_hash
from ipt_library.pipeline import open_library
from ipt_library.schema import ResourceMeta
from ipt_library.site import LanguageSite
from ipt_library.sources import split_front_matter
from ipt_library.taxonomy import RESOURCE_TYPES
from ipt_library.worksheets import KINDS, extract_fields

from .conftest import CLI, run_cli

#: A key in tests/fixtures/basic/bibliography.bib, for readings and manuals.
FIXTURE_KEY = "weissman2018guide"


def refused(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A refusal: status 1, an 'Error:' line with each fragment, and no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def placeholder_warnings(site: Path) -> list[tuple[str, int]]:
    library, _ = open_library(site / "mkdocs.yml")
    diags = Diagnostics(site)
    check_placeholders(library, diags)
    assert all(d.severity is Severity.WARNING for d in diags.items)
    assert {d.code for d in diags.items} <= {"placeholder-text"}
    return [(d.path, d.line) for d in diags.sorted()]


def new_args(resource_type: str, slug: str) -> list[str]:
    args = ["new", resource_type, slug]
    if resource_type in TYPE_SPECIFIC["reference"]:
        args += ["--reference", FIXTURE_KEY]
    return args


# --- new -----------------------------------------------------------------------------------


@pytest.mark.parametrize("resource_type", RESOURCE_TYPES.ids)
def test_scaffold_passes_check_as_is(basic_site: Path, resource_type: str) -> None:
    slug = f"new-{resource_type}"
    made = run_cli(basic_site, *new_args(resource_type, slug))
    assert made.returncode == 0, made.stderr
    assert "Next steps:" in made.stdout
    folder = basic_site / "resources" / slug
    assert (folder / "resource.yml").is_file() and (folder / "en.md").is_file()

    checked = run_cli(basic_site, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 error(s)" in checked.stderr

    library, diags = open_library(basic_site / "mkdocs.yml")
    assert not diags.has_errors
    resource = library.by_slug[slug]
    assert resource.type == resource_type
    assert resource.status("es") is Status.MISSING

    # Every spot that needs the editor's words is reported until it is replaced.
    warned = placeholder_warnings(basic_site)
    text_lines = (folder / "en.md").read_text(encoding="utf-8").splitlines()
    in_text = [line for path, line in warned if path == f"resources/{slug}/en.md"]
    assert in_text == [i for i, t in enumerate(text_lines, start=1) if MARKER in t]
    assert len(in_text) >= 3  # title, summary and the body at least


@pytest.mark.parametrize("resource_type", RESOURCE_TYPES.ids)
def test_scaffold_has_every_field_with_its_description(
    basic_site: Path, resource_type: str
) -> None:
    slug = f"fields-{resource_type}"
    assert run_cli(basic_site, *new_args(resource_type, slug)).returncode == 0
    text = (basic_site / "resources" / slug / "resource.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    expected = {
        name
        for name in ResourceMeta.model_fields
        if name not in TYPE_SPECIFIC or resource_type in TYPE_SPECIFIC[name]
    }
    assert set(data) == expected
    lines = text.splitlines()
    for name in expected:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        description = ResourceMeta.model_fields[name].description or ""
        comment_above = []
        j = index - 1
        while j >= 0 and lines[j].startswith("#"):
            comment_above.insert(0, lines[j][2:])
            j -= 1
        assert " ".join(comment_above) == description, name
    meta = ResourceMeta.model_validate(data)
    assert meta.type == resource_type
    assert meta.review.status == "draft"
    doc = split_front_matter(
        (basic_site / "resources" / slug / "en.md").read_text(encoding="utf-8"),
        Path("en.md"),
        Diagnostics(basic_site),
    )
    assert doc is not None and set(doc.data) == {"title", "summary", "guidance"}


def test_worksheet_scaffold_shows_every_field_kind(basic_site: Path) -> None:
    assert run_cli(basic_site, "new", "worksheet", "my-form").returncode == 0
    library, _ = open_library(basic_site / "mkdocs.yml")
    text = library.by_slug["my-form"].source
    diags = Diagnostics(basic_site)
    _, fields = extract_fields(text.body, text.path, text.body_line, diags, lang="en", locales=None)
    assert not diags.items
    assert sorted(f.kind for f in fields) == sorted(KINDS)
    assert all(MARKER in f.label for f in fields)


def test_filled_in_scaffold_has_no_placeholder_warnings(basic_site: Path) -> None:
    assert run_cli(basic_site, "new", "handout", "filled-in").returncode == 0
    folder = basic_site / "resources" / "filled-in"
    # What an editor does: write over the placeholders, delete the notes.
    text = (folder / "en.md").read_text(encoding="utf-8").replace(f"{MARKER}: ", "")
    (folder / "en.md").write_text(text, encoding="utf-8")
    meta = (folder / "resource.yml").read_text(encoding="utf-8")
    meta = re.sub(rf"\s+# {MARKER}:.*", "", meta)
    (folder / "resource.yml").write_text(meta, encoding="utf-8")
    assert placeholder_warnings(basic_site) == []
    assert run_cli(basic_site, "check").returncode == 0


def test_presentation_placeholder_slides_are_flagged_until_replaced(basic_site: Path) -> None:
    assert run_cli(basic_site, "new", "presentation", "my-talk").returncode == 0
    slides = basic_site / "resources" / "my-talk" / "files" / "slides.pdf"
    assert slides.read_bytes().startswith(b"%PDF-")
    assert ("resources/my-talk/files/slides.pdf", 1) in placeholder_warnings(basic_site)
    slides.write_bytes(b"%PDF-1.4\n% real slides\n%%EOF\n")
    assert ("resources/my-talk/files/slides.pdf", 1) not in placeholder_warnings(basic_site)


def test_new_refuses_a_taken_name_ignoring_case(basic_site: Path) -> None:
    refused(
        run_cli(basic_site, "new", "handout", "what-is-ipt"),
        "'what-is-ipt' already exists",
        "what-is-ipt-2",
    )
    (basic_site / "resources" / "Grief-Notes").mkdir()
    refused(run_cli(basic_site, "new", "handout", "grief-notes"), "'Grief-Notes' already exists")
    assert not (basic_site / "resources" / "grief-notes").exists()


@pytest.mark.parametrize(
    ("slug", "fragments"),
    [
        ("My_Handout", ["not a valid resource name", "lowercase", "try 'my-handout'"]),
        ("double--hyphen", ["not a valid resource name", "try 'double-hyphen'"]),
        ("x" * 81, ["longer than 80 characters"]),
        ("trailing-", ["not a valid resource name", "try 'trailing'"]),
    ],
)
def test_new_refuses_an_invalid_name(basic_site: Path, slug: str, fragments: list[str]) -> None:
    before = sorted(p.name for p in (basic_site / "resources").iterdir())
    refused(run_cli(basic_site, "new", "handout", slug), *fragments)
    assert sorted(p.name for p in (basic_site / "resources").iterdir()) == before


def test_new_suggests_a_free_name_when_the_fixed_one_is_taken(basic_site: Path) -> None:
    refused(run_cli(basic_site, "new", "handout", "What-Is-IPT"), "try 'what-is-ipt-2'")


def test_new_refuses_an_unknown_type(basic_site: Path) -> None:
    refused(run_cli(basic_site, "new", "handuot", "x"), "'handuot' is not a resource type")
    result = run_cli(basic_site, "new", "handuot", "x")
    assert "Did you mean 'handout'?" in result.stderr
    assert "worksheet" in result.stderr  # the list of types


def test_reading_needs_a_known_reference(basic_site: Path) -> None:
    refused(run_cli(basic_site, "new", "reading", "a-book"), "needs --reference KEY")
    refused(
        run_cli(basic_site, "new", "manual", "a-book", "--reference", "weissman2081guide"),
        "'weissman2081guide' is not a key in bibliography.bib",
        "weissman2018guide",
    )
    refused(
        run_cli(basic_site, "new", "handout", "a-book", "--reference", FIXTURE_KEY),
        "--reference is for readings and manuals",
    )
    assert not (basic_site / "resources" / "a-book").exists()


def test_new_outside_a_library_says_where_to_run_it(tmp_path: Path) -> None:
    refused(run_cli(tmp_path, "new", "handout", "x"), "mkdocs.yml not found")


# --- translate ----------------------------------------------------------------------------


def test_translate_records_the_source_hash_and_status_follows_the_source(
    basic_site: Path,
) -> None:
    source = basic_site / "resources" / "my-worksheet" / "en.md"
    made = run_cli(basic_site, "translate", "my-worksheet", "es")
    assert made.returncode == 0, made.stderr
    target = basic_site / "resources" / "my-worksheet" / "es.md"
    text = target.read_text(encoding="utf-8")
    expected = content_hash(source.read_text(encoding="utf-8"))
    assert f'source_hash: "{expected}"' in text
    assert recorded_hash(text) == expected
    assert "machine: false" in text

    library, diags = open_library(basic_site / "mkdocs.yml")
    assert not diags.has_errors
    translation = library.by_slug["my-worksheet"].texts["es"].translation
    assert translation is not None and translation.source_hash == expected
    assert translation.machine is False
    assert library.by_slug["my-worksheet"].status("es") is Status.CURRENT
    # The translator's name and the translate-me note are flagged until done.
    warned = [line for path, line in placeholder_warnings(basic_site) if path.endswith("es.md")]
    assert len(warned) == 2

    # The source changes: the translation is now outdated, in the model and in `status`.
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    library, _ = open_library(basic_site / "mkdocs.yml")
    assert library.by_slug["my-worksheet"].status("es") is Status.OUTDATED
    status = run_cli(basic_site, "status", "--lang", "es", "--format", "json")
    assert status.returncode == 0, status.stderr
    items = json.loads(status.stdout)["languages"][0]["items"]
    assert {"name": "my-worksheet", "status": "outdated"}.items() <= next(
        i for i in items if i["name"] == "my-worksheet"
    ).items()

    # The translator catches up, then records it.
    refreshed = run_cli(basic_site, "translate", "my-worksheet", "es", "--refresh")
    assert refreshed.returncode == 0, refreshed.stderr
    new_hash = content_hash(source.read_text(encoding="utf-8"))
    assert f"{expected} -> {new_hash}" in refreshed.stdout
    assert recorded_hash(target.read_text(encoding="utf-8")) == new_hash
    library, _ = open_library(basic_site / "mkdocs.yml")
    assert library.by_slug["my-worksheet"].status("es") is Status.CURRENT
    again = run_cli(basic_site, "translate", "my-worksheet", "es", "--refresh")
    assert "already marked up to date" in again.stdout


def test_refresh_shows_the_source_changes_from_git(basic_site: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")

    def run(*args: str) -> None:
        subprocess.run(
            [git, "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
            cwd=basic_site,
            check=True,
            capture_output=True,
        )

    run("init", "-q")
    run("add", "-A")
    run("commit", "-q", "-m", "start")
    source = basic_site / "resources" / "what-is-ipt" / "en.md"
    old = source.read_text(encoding="utf-8")
    source.write_text(old.replace("IPT helps with", "IPT can help with"), encoding="utf-8")
    translation = basic_site / "resources" / "what-is-ipt" / "es.md"
    before = translation.read_text(encoding="utf-8")

    shown = run_cli(basic_site, "translate", "what-is-ipt", "es", "--refresh", "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "-IPT helps with relationships" in shown.stdout
    assert "+IPT can help with relationships" in shown.stdout
    assert "Nothing written" in shown.stdout
    assert translation.read_text(encoding="utf-8") == before


def test_refresh_without_git_still_records_the_hash(basic_site: Path) -> None:
    source = basic_site / "resources" / "what-is-ipt" / "en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    env = {**os.environ, "PATH": ""}  # no git to be found
    result = subprocess.run(
        [*CLI, "translate", "what-is-ipt", "es", "--refresh"],
        cwd=basic_site,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "cannot be shown" in result.stdout
    translation = basic_site / "resources" / "what-is-ipt" / "es.md"
    text = translation.read_text(encoding="utf-8")
    assert recorded_hash(text) == content_hash(source.read_text(encoding="utf-8"))
    # Only the hash changed: the translator's other fields are as they were.
    assert "machine: true" in text and "translator: Machine" in text


def test_translate_a_hub_page(basic_site: Path) -> None:
    made = run_cli(basic_site, "translate", "docs/about.md", "es")
    assert made.returncode == 0, made.stderr
    target = basic_site / "docs" / "about.es.md"
    source = basic_site / "docs" / "about.md"
    assert recorded_hash(target.read_text(encoding="utf-8")) == content_hash(
        source.read_text(encoding="utf-8")
    )
    library, diags = open_library(basic_site / "mkdocs.yml")
    assert not diags.has_errors
    page = next(p for p in library.pages if p.src_uri == "about.md")
    assert page.status("es", "en") is Status.CURRENT
    # The same page named without docs/, into another language.
    assert run_cli(basic_site, "translate", "about.md", "ar").returncode == 0
    assert (basic_site / "docs" / "about.ar.md").is_file()


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["what-is-ipt", "es"], ["resources/what-is-ipt/es.md already exists", "--refresh"]),
        (["what-is-ipt", "fr"], ["'fr' is not a language of this library", "new-language fr"]),
        (["what-is-ipt", "en"], ["'en' is the language 'what-is-ipt' is written in"]),
        (["what-is-itp", "es"], ["no resource named 'what-is-itp'", "Did you mean 'what-is-ipt'?"]),
        (["docs/nowhere.md", "es"], ["there is no page 'docs/nowhere.md'"]),
        (["docs/ipt/index.es.md", "ar"], ["is already a translation", "docs/ipt/index.md"]),
        (["docs/ipt/index.md", "es"], ["docs/ipt/index.es.md already exists"]),
        (["talk-video", "es", "--refresh"], ["does not exist yet", "translate talk-video es"]),
        (["talk-video", "es", "--dry-run"], ["--dry-run goes with --refresh"]),
    ],
)
def test_translate_refusals(basic_site: Path, args: list[str], fragments: list[str]) -> None:
    before = {p: p.read_bytes() for p in basic_site.rglob("*.md")}
    refused(run_cli(basic_site, "translate", *args), *fragments)
    assert {p: p.read_bytes() for p in basic_site.rglob("*.md")} == before


def test_translate_refuses_a_resource_with_errors(basic_site: Path) -> None:
    meta = basic_site / "resources" / "talk-video" / "resource.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("type: video", "type: film"), "utf-8")
    refused(run_cli(basic_site, "translate", "talk-video", "es"), "has errors", "check")


def test_set_hash_keeps_every_other_line() -> None:
    text = (
        "---\ntitle: T\ntranslation:\n  source_hash: 0123456789ab  # note\n"
        "  machine: true\n---\nBody\n"
    )
    updated = set_hash(text, "abcdefabcdef")
    assert updated == text.replace("0123456789ab", '"abcdefabcdef"')
    missing = set_hash("---\ntitle: T\ntranslation:\n  machine: true\n---\nB\n", "abcdefabcdef")
    assert 'translation:\n  source_hash: "abcdefabcdef"\n  machine: true' in missing
    bare = set_hash("# Page\n", "abcdefabcdef")
    assert bare.startswith('---\ntranslation:\n  source_hash: "abcdefabcdef"\n---\n# Page')


# --- new-language ------------------------------------------------------------------------

BLOCK_CONFIG = """\
site_name: Fixture Library   # the name
site_url: https://example.org/library/
theme:
  name: material
  font: false
plugins:
  - search
  - ipt-library:
      # The first language is the default.
      languages:
        - en   # English first
        - es
        # Arabic, right to left:
        - ar
      pdf: true
nav:
  - Home: index.md
"""


def test_new_language_in_a_flow_list_keeps_the_rest_of_the_file(basic_site: Path) -> None:
    config = basic_site / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    result = run_cli(basic_site, "new-language", "fr")
    assert result.returncode == 0, result.stderr
    after = config.read_text(encoding="utf-8")
    assert after == before.replace("languages: [en, es, ar]", "languages: [en, es, ar, fr]")
    library, diags = open_library(config)
    assert library.config.codes == ("en", "es", "ar", "fr")
    assert not diags.has_errors
    counts = f"{len(library.resources)} resources, {len(library.pages)} pages"
    assert f"Left to translate into French: {counts}" in result.stdout
    assert run_cli(basic_site, "check").returncode == 0
    assert run_cli(basic_site, "status", "--lang", "fr").returncode == 0


def test_new_language_in_a_block_list_keeps_comments(basic_site: Path) -> None:
    config = basic_site / "mkdocs.yml"
    config.write_text(BLOCK_CONFIG, encoding="utf-8")
    result = run_cli(basic_site, "new-language", "zh-Hans")
    assert result.returncode == 0, result.stderr
    assert config.read_text(encoding="utf-8") == BLOCK_CONFIG.replace(
        "        - ar\n", "        - ar\n        - zh-Hans\n"
    )
    assert load_config(config, Diagnostics(basic_site)).codes == ("en", "es", "ar", "zh-Hans")


def test_new_language_starts_the_catalog_from_the_template(basic_site: Path) -> None:
    template = Catalog(project="IPT Library", fuzzy=False)
    template.add("Home", locations=[("ipt_library/site.py", 1)])
    template.add("Resources", locations=[("ipt_library/site.py", 2)])
    with (basic_site / "locales" / "messages.pot").open("wb") as fh:
        write_po(fh, template)
    result = run_cli(basic_site, "new-language", "pt-BR")
    assert result.returncode == 0, result.stderr
    po = basic_site / "locales" / "pt_BR" / "LC_MESSAGES" / "messages.po"
    assert po.is_file()
    with po.open("rb") as fh:
        catalog = read_po(fh)
    assert str(catalog.locale) == "pt_BR"
    assert {m.id for m in catalog if m.id} == {"Home", "Resources"}
    assert "2 of 2 interface strings" in result.stdout
    status = json.loads(run_cli(basic_site, "status", "--format", "json").stdout)
    row = next(lang for lang in status["languages"] if lang["code"] == "pt-BR")
    assert row["catalog"] == {
        "state": "ok",
        "total": 2,
        "translated": 0,
        "fuzzy": 0,
        "percent": 0,
    }


@pytest.mark.parametrize(
    ("code", "fragments"),
    [
        ("es", ["'es' is already a language of this library"]),
        ("pt_br", ["not a BCP 47 language code", "did you mean 'pt-BR'?"]),
        ("english", ["not a BCP 47 language code"]),
        ("qq", ["not a language Babel (CLDR) knows"]),
    ],
)
def test_new_language_refusals(basic_site: Path, code: str, fragments: list[str]) -> None:
    before = (basic_site / "mkdocs.yml").read_text(encoding="utf-8")
    catalogs = sorted((basic_site / "locales").rglob("*"))
    refused(run_cli(basic_site, "new-language", code), *fragments)
    assert (basic_site / "mkdocs.yml").read_text(encoding="utf-8") == before
    assert sorted((basic_site / "locales").rglob("*")) == catalogs


def test_insert_language_layouts() -> None:
    assert "languages: []" not in insert_language(
        "plugins:\n  - ipt-library:\n      languages: []\n", "es"
    )
    assert insert_language("plugins:\n  - ipt-library:\n      languages: []\n", "es").endswith(
        "languages: [es]\n"
    )
    mapping = "plugins:\n- ipt-library:\n    languages:\n    - code: en\n    - code: es\n"
    assert insert_language(mapping, "fr").endswith("    - code: es\n    - code: fr\n")
    crlf = "plugins:\r\n  - ipt-library:\r\n      languages:\r\n        - en\r\n"
    assert insert_language(crlf, "ar").endswith("        - en\r\n        - ar\r\n")
    no_eol = "plugins:\n  - ipt-library:\n      languages:\n        - en"
    assert insert_language(no_eol, "ar") == no_eol + "\n        - ar\n"
    assert insert_language("plugins:\n  - ipt-library:\n      languages: [en]\n", "no").endswith(
        '[en, "no"]\n'
    )
    for text in (
        "site_name: x\n",
        "plugins:\n  - search\n",
        "plugins:\n  - ipt-library\n",
        "plugins:\n  - ipt-library:\n      pdf: true\n",
    ):
        with pytest.raises(EditingError):
            insert_language(text, "fr")


def test_normalise_code() -> None:
    assert normalise_code("pt_br") == "pt-BR"
    assert normalise_code("ZH-hans") == "zh-Hans"
    assert normalise_code("sr_latn_rs") == "sr-Latn-RS"


# --- status and languages -----------------------------------------------------------------


def test_status_matches_the_site_status_page(basic_site: Path) -> None:
    # Variety first: one outdated, one machine-made, one missing, one hub page current.
    source = basic_site / "resources" / "my-worksheet" / "en.md"
    assert run_cli(basic_site, "translate", "my-worksheet", "ar").returncode == 0
    source.write_text(source.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    library, _ = open_library(basic_site / "mkdocs.yml")
    generated = LanguageSite(library, "en").status_page()
    # The table may sit in the Markdown or in the HTML put in after Markdown.
    page = generated.markdown + "".join(generated.info.replacements.values())
    rows = re.findall(
        r'<span class="ipt-code">\((?P<code>[\w-]+)\)</span></th>\s*'
        r"<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*<td>(\d+)%</td>",
        page,
    )
    assert len(rows) == 3
    data = json.loads(run_cli(basic_site, "status", "--format", "json").stdout)
    by_code = {lang["code"]: lang["resources"] for lang in data["languages"]}
    for code, done, outdated, machine, missing, percent in rows:
        counts = by_code[code]
        assert int(done) == counts["source"] + counts["current"], code
        assert int(outdated) == counts["outdated"], code
        assert int(machine) == counts["machine"], code
        assert int(missing) == counts["missing"], code
        assert int(percent) == counts["percent"], code
    assert by_code["ar"]["outdated"] == 2  # what-is-ipt (fixture) and my-worksheet (edited)


def test_status_text_and_markdown(basic_site: Path) -> None:
    text = run_cli(basic_site, "status")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].split()[:2] == ["Language", "Resources"]
    assert any(line.startswith("en English") and "source" in line for line in lines)
    detail = run_cli(basic_site, "status", "--lang", "es").stdout
    assert "start: ipt-library translate talk-video es" in detail
    assert "review resources/what-is-ipt/es.md" in detail  # machine-made, not reviewed
    markdown = run_cli(basic_site, "status", "--format", "markdown", "--lang", "ar").stdout
    assert markdown.startswith("| Language | Resources |")
    assert "### Resources in ar" in markdown


def test_status_counts_in_process(basic_site: Path) -> None:
    library, _ = open_library(basic_site / "mkdocs.yml")
    covs = {c.language.code: c for c in coverage(library)}
    assert covs["en"].resources.source == len(library.resources)
    assert covs["en"].catalog_state == "source"
    es = covs["es"]
    assert es.resources.total == len(library.resources)
    assert es.resources.machine == 1 and es.resources.current == 1
    assert es.pages.total == len(library.pages)
    assert es.catalog is not None and es.catalog_state == "ok"


def test_status_refuses_an_unknown_language(basic_site: Path) -> None:
    refused(run_cli(basic_site, "status", "--lang", "esp"), "'esp' is not a language", "'es'")


def test_languages_json_lists_the_codes_in_order(basic_site: Path) -> None:
    result = run_cli(basic_site, "languages", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == ["en", "es", "ar"]
    text = run_cli(basic_site, "languages").stdout.splitlines()
    assert text[2].split("\t") == ["ar", "العربية", "Arabic", "rtl"]


def test_every_editing_command_has_help_with_examples() -> None:
    from ipt_library.commands.editing import COMMANDS

    for command in COMMANDS:
        result = subprocess.run(
            [sys.executable, "-m", "ipt_library", command.name or "", "--help"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "Example" in result.stdout, command.name
