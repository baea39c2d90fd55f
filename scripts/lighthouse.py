"""Lighthouse scores of the library, per page type: a maintainer's check, not a test.

    .venv/bin/python scripts/lighthouse.py                 # build a fresh copy, English pages
    .venv/bin/python scripts/lighthouse.py --langs en,ar   # English and Arabic
    .venv/bin/python scripts/lighthouse.py --site site     # an existing build (see below)

Builds the library from the working tree into a temporary folder (its address set to the
local host that serves it, as the browser tests do), serves it on 127.0.0.1 with gzip as
GitHub Pages does, and runs npm's `lighthouse` with Debian's Chromium
(CHROME_PATH=/usr/bin/chromium; no browser is ever downloaded) on one page of each type.
Prints performance, accessibility, best practices and SEO as a Markdown table and saves
the reports in test-artifacts/lighthouse/. Goal: 100 in accessibility, 95 or more in the
others. Lighthouse is installed on first use into .cache/lighthouse/ (npm install).

With --site, the folder is served at the root as it is; its absolute links (canonical,
hreflang) then point wherever it was built for, which SEO audits may count against it.
Performance is simulated throttling on this machine: on a busy machine it reads low.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.host import StaticHost  # noqa: E402
from tests.browser.weight import page_addresses, start_real_build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PREFIX = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]
)


def ensure_lighthouse() -> Path:
    """npm's lighthouse in .cache/lighthouse/, installed if missing (it fetches no browser)."""
    if not LIGHTHOUSE.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        print("Installing lighthouse into .cache/lighthouse/ (npm) ...", file=sys.stderr)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                PREFIX,
                "lighthouse",
            ],
            check=True,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    return LIGHTHOUSE


def run_lighthouse(tool: Path, url: str, report: Path) -> dict[str, int]:
    """Scores (0-100) of one page."""
    subprocess.run(
        [
            str(tool),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    return {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def build(folder: Path, origin: str) -> Path:
    process = start_real_build(folder, origin + "/")
    output, _ = process.communicate(timeout=1800)
    if process.returncode != 0:
        sys.exit(f"the build failed:\n{output[-4000:]}")
    return folder / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="serve this built site instead of building")
    parser.add_argument("--langs", default="en", help="comma-separated, e.g. en,ar")
    parser.add_argument("--pages", help="comma-separated page types (default: all)")
    args = parser.parse_args()

    tool = ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="ipt-lighthouse-") as tmp:
        folder = Path(tmp) / "library"
        site = args.site.resolve() if args.site else folder / "site"
        host = StaticHost({"/": site}).start()
        try:
            if not args.site:
                print(f"Building the library for {host.origin}/ ...", file=sys.stderr)
                build(folder, host.origin)
            reports = ROOT / "test-artifacts" / "lighthouse"
            shutil.rmtree(reports, ignore_errors=True)
            reports.mkdir(parents=True)
            rows = []
            for lang in args.langs.split(","):
                pages = page_addresses(site, lang, None if not args.site else ROOT)
                for name, path in pages.items():
                    if args.pages and name not in args.pages.split(","):
                        continue
                    print(f"lighthouse {lang} {name} ...", file=sys.stderr)
                    report = reports / f"{lang}-{name}.json"
                    rows.append(
                        (f"{lang} {name}", run_lighthouse(tool, host.origin + "/" + path, report))
                    )
        finally:
            host.stop()
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("|---|" + "---|" * len(CATEGORIES))
    for name, scores in rows:
        print(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
