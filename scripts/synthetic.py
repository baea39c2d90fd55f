"""Generate a synthetic library of N resources x L languages, for benchmarks.

Each text has about 600 words: front matter (title, summary), two headings, a list, a table
and citations; one resource in five is a worksheet with fields. Languages other than English
use real script where we have words for it (Arabic, Chinese, Japanese, Hindi, Russian) so
segmentation and shaping are exercised; the others use marked Latin words. The same texts
are also written in mkdocs-static-i18n's suffix layout (``docs/resources/<slug>.<lang>.md``)
for the baseline: plain MkDocs + Material + mkdocs-static-i18n with search on.

The output is deterministic (a fixed seed), so two runs of the benchmark build the same
library, and the content-keyed PDF cache can be reused between them.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from ipt_library.model import content_hash

#: The first L of these are a library's languages; the first is the source language.
# fmt: off
LANGS = [
    "en", "es", "fr", "ar", "zh-Hans", "hi", "ru", "ja", "pt", "de", "tr", "fa", "ur", "bn",
    "it", "ko", "vi", "id", "pl", "uk", "sw", "nl", "sv", "el", "he", "th", "ro", "cs",
    "hu", "da", "fi", "nb", "sk", "bg", "hr", "sr", "sl", "lt", "lv", "et", "ca", "gl",
    "eu", "ta", "te", "kn", "ml", "mr", "gu", "pa", "ne", "si", "my", "km", "lo", "am",
    "ha", "yo", "ig", "zu", "xh", "af", "ms", "tl", "uz", "kk", "az", "ka", "hy", "mn",
]
# fmt: on

_WORD_TEXT = {
    "en": "people mood support feeling relationship change talk friend family work help "
    "session therapy week plan grief conflict role life time care",
    "ar": "الناس المزاج الدعم الشعور العلاقة التغيير الحديث صديق العائلة العمل المساعدة "
    "الجلسة العلاج الأسبوع الخطة الحزن النزاع الدور الحياة الوقت",
    "zh-Hans": "人们 情绪 支持 感受 关系 变化 谈话 朋友 家庭 工作 帮助 会谈 治疗 星期 计划 "
    "悲伤 冲突 角色 生活 时间",
    "ja": "人々 気分 支え 気持ち 関係 変化 会話 友人 家族 仕事 助け 面接 治療 週 計画 "
    "悲嘆 対立 役割 生活 時間",
    "hi": "लोग मनोदशा सहारा भावना रिश्ता बदलाव बातचीत दोस्त परिवार काम मदद सत्र उपचार "
    "सप्ताह योजना शोक झगड़ा भूमिका जीवन समय",
    "ru": "люди настроение поддержка чувство отношения перемена разговор друг семья работа "
    "помощь сессия терапия неделя план горе конфликт роль жизнь время",
}
WORDS = {lang: text.split() for lang, text in _WORD_TEXT.items()}
#: One worksheet in five; the others are printable text resources.
TYPES = ["handout", "worksheet", "exercise", "handout", "exercise"]
AREAS = ["grief", "role-disputes", "role-transitions", "interpersonal-deficits"]
PHASES = ["initial", "middle", "final"]
#: The Markdown extensions of both sites (ours adds its own processing on top).
EXTENSIONS = (
    "[toc, attr_list, md_in_html, tables, admonition, pymdownx.details, pymdownx.superfences]"
)
BIB = """@book{klerman1984,
  author = {Klerman, Gerald L. and Weissman, Myrna M. and Rounsaville, Bruce J.
    and Chevron, Eve S.},
  title = {Interpersonal psychotherapy of depression},
  publisher = {Basic Books},
  year = {1984}
}

@article{cuijpers2016,
  author = {Cuijpers, Pim and Donker, Tara and Weissman, Myrna M. and Ravitz, Paula
    and Cristea, Ioana A.},
  title = {Interpersonal psychotherapy for mental health problems: A comprehensive meta-analysis},
  journal = {American Journal of Psychiatry},
  volume = {173},
  number = {7},
  pages = {680--687},
  year = {2016},
  doi = {10.1176/appi.ajp.2015.15091141}
}
"""
FIELDS = """
```field
name: people
kind: table
label: {w0}
columns:
  person: {w1}
  gives: {w2}
rows: 4
```

```field
name: mood
kind: rating
label: {w3}
low: {w4}
high: {w5}
```
"""


def words(lang: str, rnd: random.Random, n: int) -> str:
    """``n`` words of ``lang``, a sentence end every twelve."""
    pool = WORDS.get(lang, [w + lang[:1] for w in WORDS["en"]])
    sep = "" if lang in ("zh-Hans", "ja") else " "
    out = []
    for i in range(n):
        out.append(rnd.choice(pool))
        if i % 12 == 11:
            out.append("。" if sep == "" else ".")
    return sep.join(out)


def body(lang: str, rnd: random.Random, worksheet: bool) -> str:
    """About 600 words: two headings, prose with citations, a list and a table."""
    header = "| " + " | ".join(words(lang, rnd, 1) for _ in range(3)) + " |\n|---|---|---|\n"
    rows = ("| " + " | ".join(words(lang, rnd, 2) for _ in range(3)) + " |" for _ in range(4))
    table = header + "\n".join(rows)
    parts = [
        "## " + words(lang, rnd, 3),
        words(lang, rnd, 180) + " [@klerman1984].",
        "\n".join("- " + words(lang, rnd, 8) for _ in range(5)),
        "## " + words(lang, rnd, 3),
        words(lang, rnd, 180) + " [@cuijpers2016, p. 682].",
        table,
        words(lang, rnd, 200),
    ]
    if worksheet:
        parts.append(FIELDS.format(**{f"w{i}": words(lang, rnd, 3) for i in range(6)}))
    return "\n\n".join(parts) + "\n"


def front(title: str, summary: str, extra: str = "") -> str:
    return f'---\ntitle: "{title}"\nsummary: "{summary}"\n{extra}---\n'


def ours_config(langs: list[str], *, pdf: bool) -> str:
    lang_list = "\n".join(f"        - {code}" for code in langs)
    return (
        "site_name: Bench\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "  font: false\nvalidation:\n  links:\n    unrecognized_links: ignore\n"
        f"markdown_extensions: {EXTENSIONS}\n"
        "plugins:\n  - ipt-library:\n"
        f"      pdf: {'true' if pdf else 'false'}\n"
        f"      languages:\n{lang_list}\n"
    )


def material_language(code: str) -> str:
    """Material's name for a language's interface strings (``zh-Hans`` -> ``zh``; ``en``
    where Material has none)."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for name in (code, code.split("-")[0]):
        if (partials / f"{name}.html").exists():
            return name
    return "en"


def baseline_config(langs: list[str]) -> str:
    """mkdocs-static-i18n sets Material's language to each locale, which Material lacks for
    some (zh-Hans). Every language says its ``theme.language``: static-i18n 1.3.1 restores
    the previous language's override before the next build, so one override alone leaks."""
    items = []
    for code in langs:
        item = f"        - locale: {code}\n          name: {code}\n          build: true"
        if code == langs[0]:
            item += "\n          default: true"
        item += f"\n          theme:\n            language: {material_language(code)}"
        items.append(item)
    languages = "\n".join(items)
    return (
        "site_name: Bench\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        f"markdown_extensions: {EXTENSIONS}\n"
        "plugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n"
        f"      languages:\n{languages}\n"
    )


def generate(
    root: Path, n: int, langs: list[str], *, baseline: bool = True, pdf: bool = True
) -> None:
    """Write ours at ``root/ours`` and the baseline at ``root/baseline``.

    Every resource is written in every language of ``langs`` (all translations current).
    ``pdf`` is our site's ``pdf:`` option (the baseline has no PDFs).
    """
    rnd = random.Random(1234)
    ours = root / "ours"
    if ours.exists():
        shutil.rmtree(ours)
    (ours / "docs").mkdir(parents=True)
    (ours / "resources").mkdir()
    (ours / "bibliography.bib").write_text(BIB, encoding="utf-8")
    (ours / "mkdocs.yml").write_text(ours_config(langs, pdf=pdf), encoding="utf-8")
    (ours / "docs" / "about.md").write_text("---\ntitle: About\n---\n## About\n\nText.\n")
    base = root / "baseline"
    if base.exists():
        shutil.rmtree(base)
    if baseline:
        (base / "docs" / "resources").mkdir(parents=True)
        (base / "docs" / "index.md").write_text("# Bench\n\nHome.\n")
        (base / "docs" / "about.md").write_text("---\ntitle: About\n---\n## About\n\nText.\n")
        (base / "mkdocs.yml").write_text(baseline_config(langs), encoding="utf-8")
    for i in range(n):
        slug = f"resource-{i:04d}"
        folder = ours / "resources" / slug
        folder.mkdir()
        kind = TYPES[i % 5]
        (folder / "resource.yml").write_text(
            f"type: {kind}\nproblem_areas: [{AREAS[i % 4]}]\nphases: [{PHASES[i % 3]}]\n"
            "audience: [public]\ncreated: 2026-01-01\ncitations: [klerman1984]\n",
            encoding="utf-8",
        )
        source = ""
        for lang in langs:
            text_body = body(lang, rnd, kind == "worksheet")
            title = words(lang, rnd, 4)
            summary = words(lang, rnd, 14)
            if lang == langs[0]:
                source = front(title, summary) + text_body
                text = source
            else:
                extra = f'translation:\n  source_hash: "{content_hash(source)}"\n  machine: true\n'
                text = front(title, summary, extra) + text_body
            (folder / f"{lang}.md").write_text(text, encoding="utf-8")
            if baseline:
                suffix = "" if lang == langs[0] else f".{lang}"
                (base / "docs" / "resources" / f"{slug}{suffix}.md").write_text(
                    f'---\ntitle: "{title}"\ndescription: "{summary}"\n---\n\n'
                    f"{summary}\n\n{text_body}",
                    encoding="utf-8",
                )


def edit_text(ours: Path, slug: str, lang: str, marker: str) -> Path:
    """Append a sentence with ``marker`` to a text's body (what an editor's save does)."""
    path = ours / "resources" / slug / f"{lang}.md"
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\nAn edited sentence {marker}.\n")
    return path


def set_title(ours: Path, slug: str, lang: str, title: str) -> Path:
    """Replace a text's title in its front matter."""
    path = ours / "resources" / slug / f"{lang}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f'title: "{title}"' if line.startswith("title:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    import sys

    size, count = int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1
    generate(Path(sys.argv[1]), size, LANGS[:count])
