#!/usr/bin/env python3
"""Check a built site's links, anchors and loads: ``scripts/check_links.py [site/]``.

Every internal link and ``#anchor`` in every language must resolve; links to other sites
are checked for form only (https, no spaces). Also refuses what the Content Security Policy
forbids: inline scripts without their hash, event-handler attributes, ``javascript:`` URLs
and anything loaded from another origin. Exits 1 if anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ipt_library.linkcheck import check_site, read_site_url, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="the built site")
    parser.add_argument(
        "--site-url",
        default=None,
        help="the site's own address (default: the home page's address in sitemap.xml)",
    )
    parser.add_argument("--limit", type=int, default=200, help="print at most this many")
    args = parser.parse_args(argv)
    root: Path = args.site
    if not (root / "index.html").is_file():
        print(f"{root}/index.html does not exist: build the site first", file=sys.stderr)
        return 2
    start = time.monotonic()
    site_url = read_site_url(root) if args.site_url is None else args.site_url
    problems = check_site(root, site_url)
    for problem in problems[: args.limit]:
        print(problem.format(f"{root.as_posix().rstrip('/')}/"))
    if len(problems) > args.limit:
        print(f"... and {len(problems) - args.limit} more")
    pages = sum(1 for _ in root.rglob("*.html"))
    counts = ", ".join(f"{code} {n}" for code, n in summarise(problems).items())
    print(
        f"checked {pages} pages in {time.monotonic() - start:.1f} s: "
        f"{len(problems)} problem(s){' (' + counts + ')' if counts else ''}",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
