"""Generate a synthetic library of N resources x L languages, for benchmarks.

Each resource has about 600 words with front matter, two headings, a list, a table and
citations; one in five is a worksheet with fields. Languages other than English use real
script (Arabic, Chinese, Japanese, Hindi, Russian...) so segmentation and shaping are
exercised. The same text is also written in mkdocs-static-i18n's suffix layout
(``docs/resources/<slug>.<lang>.md``) for the baseline.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from ipt_library.model import content_hash

LANGS = ["en", "es", "fr", "ar", "zh-Hans", "hi", "ru", "ja", "pt", "de", "tr", "fa", "ur", "bn",
         "it", "ko", "vi", "id", "pl", "uk", "sw", "nl", "sv", "el", "he", "th", "ro", "cs",
         "hu", "da", "fi", "nb", "sk", "bg", "hr", "sr", "sl", "lt", "lv", "et", "ca", "gl",
         "eu", "ta", "te", "kn", "ml", "mr", "gu", "pa", "ne", "si", "my", "km", "lo", "am",
         "ha", "yo", "ig", "zu", "xh", "af", "ms", "tl", "uz", "kk", "az", "ka", "hy", "mn"]

WORDS = {
    "en": "people mood support feeling relationship change talk friend family work help "
          "session therapy week plan grief conflict role life time care".split(),
    "ar": "الناس المزاج الدعم الشعور العلاقة التغيير الحديث صديق العائلة العمل المساعدة "
          "الجلسة العلاج الأسبوع الخطة الحزن النزاع الدور الحياة الوقت".split(),
    "zh-Hans": "人们 情绪 支持 感受 关系 变化 谈话 朋友 家庭 工作 帮助 会谈 治疗 星期 计划 "
               "悲伤 冲突 角色 生活 时间".split(),
    "ja": "人々 気分 支え 気持ち 関係 変化 会話 友人 家族 仕事 助け 面接 治療 週 計画 "
          "悲嘆 対立 役割 生活 時間".split(),
    "hi": "लोग मनोदशा सहारा भावना रिश्ता बदलाव बातचीत दोस्त परिवार काम मदद सत्र उपचार "
          "सप्ताह योजना शोक झगड़ा भूमिका जीवन समय".split(),
    "ru": "люди настроение поддержка чувство отношения перемена разговор друг семья работа "
          "помощь сессия терапия неделя план горе конфликт роль жизнь время".split(),
}
TYPES = ["handout", "worksheet", "exercise", "handout", "worksheet"]
AREAS = ["grief", "role-disputes", "role-transitions", "interpersonal-deficits"]
PHASES = ["initial", "middle", "final"]
BIB = """@book{klerman1984,
  author = {Klerman, Gerald L. and Weissman, Myrna M. and Rounsaville, Bruce J. and Chevron, Eve S.},
  title = {Interpersonal psychotherapy of depression},
  publisher = {Basic Books},
  year = {1984}
}

@article{cuijpers2016,
  author = {Cuijpers, Pim and Donker, Tara and Weissman, Myrna M. and Ravitz, Paula and Cristea, Ioana A.},
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
    pool = WORDS.get(lang, [w + lang[:1] for w in WORDS["en"]])
    sep = "" if lang in ("zh-Hans", "ja") else " "
    out = []
    for i in range(n):
        out.append(rnd.choice(pool))
        if i % 12 == 11:
            out.append("。" if sep == "" else ".")
    return sep.join(out)


def body(lang: str, rnd: random.Random, worksheet: bool) -> str:
    parts = [
        "## " + words(lang, rnd, 3),
        words(lang, rnd, 180) + " [@klerman1984].",
        "\n".join("- " + words(lang, rnd, 8) for _ in range(5)),
        "## " + words(lang, rnd, 3),
        words(lang, rnd, 180) + " [@cuijpers2016, p. 682].",
        "| " + " | ".join(words(lang, rnd, 1) for _ in range(3)) + " |\n|---|---|---|\n"
        + "\n".join("| " + " | ".join(words(lang, rnd, 2) for _ in range(3)) + " |" for _ in range(4)),
        words(lang, rnd, 200),
    ]
    if worksheet:
        parts.append(FIELDS.format(**{f"w{i}": words(lang, rnd, 3) for i in range(6)}))
    return "\n\n".join(parts) + "\n"


def front(title: str, summary: str, extra: str = "") -> str:
    return f"---\ntitle: \"{title}\"\nsummary: \"{summary}\"\n{extra}---\n"


def generate(root: Path, n: int, langs: list[str], *, baseline: bool = True) -> None:
    """Write ours at ``root/ours`` and the baseline at ``root/baseline``."""
    rnd = random.Random(1234)
    ours = root / "ours"
    if ours.exists():
        shutil.rmtree(ours)
    (ours / "docs").mkdir(parents=True)
    (ours / "resources").mkdir()
    (ours / "bibliography.bib").write_text(BIB, encoding="utf-8")
    lang_list = "\n".join(f"        - {code}" for code in langs)
    (ours / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        "  font: false\nvalidation:\n  links:\n    unrecognized_links: ignore\n"
        "markdown_extensions: [toc, attr_list, md_in_html, tables, admonition, "
        "pymdownx.details, pymdownx.superfences]\n"
        f"plugins:\n  - ipt-library:\n      languages:\n{lang_list}\n",
        encoding="utf-8",
    )
    (ours / "docs" / "about.md").write_text("---\ntitle: About\n---\n## About\n\nText.\n")
    base = root / "baseline"
    if baseline:
        if base.exists():
            shutil.rmtree(base)
        (base / "docs" / "resources").mkdir(parents=True)
        (base / "docs" / "index.md").write_text("# Bench\n\nHome.\n")
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
                (folder / f"{lang}.md").write_text(source, encoding="utf-8")
            else:
                extra = (
                    f"translation:\n  source_hash: \"{content_hash(source)}\"\n  machine: true\n"
                )
                (folder / f"{lang}.md").write_text(
                    front(title, summary, extra) + text_body, encoding="utf-8"
                )
            if baseline:
                suffix = "" if lang == langs[0] else f".{lang}"
                (base / "docs" / "resources" / f"{slug}{suffix}.md").write_text(
                    f"# {title}\n\n{summary}\n\n{text_body}", encoding="utf-8"
                )
    if baseline:
        languages = "\n".join(
            f"        - locale: {code}\n          name: {code}\n          build: true"
            + ("\n          default: true" if code == langs[0] else "")
            for code in langs
        )
        (base / "mkdocs.yml").write_text(
            "site_name: Bench\nsite_url: https://example.org/\ntheme:\n  name: material\n"
            "markdown_extensions: [toc, attr_list, md_in_html, tables, admonition]\n"
            "plugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n"
            f"      languages:\n{languages}\n",
            encoding="utf-8",
        )
