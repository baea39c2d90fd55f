"""The words the citation formatter writes, translated through the gettext catalogs.

Every term is an English msgid marked with ``N_`` here, at module level, so Babel's
extraction finds them; :class:`Terms` translates them at format time for one language.
Ordinal numbers ("2nd ed.") use the language's CLDR ordinal categories from Babel.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from ..taxonomy import N_

Gettext = Callable[[str], str]

# TRANSLATORS: APA "et al." after the first author's surname, in text.
ET_AL = N_("et al.")
# TRANSLATORS: joins the last two authors in parenthetical citations and reference lists
# ("Markowitz & Weissman"). APA keeps "&"; translate only if your style guide differs.
AMPERSAND = N_("&")
# TRANSLATORS: joins the last two authors in running text ("Markowitz and Weissman (2004)").
AND = N_("and")
# TRANSLATORS: editor label after one editor's name: "Weissman, M. M. (Ed.)".
EDITOR = N_("Ed.")
# TRANSLATORS: editor label after several editors' names: "(Eds.)".
EDITORS = N_("Eds.")
# TRANSLATORS: edition, e.g. "2nd ed." or "Updated and expanded ed."; {edition} is the
# ordinal number or the edition's own words.
EDITION = N_("{edition} ed.")
# TRANSLATORS: one page, "p. 12".
PAGE = N_("p.")
# TRANSLATORS: page range, "pp. 3–5".
PAGES = N_("pp.")
# TRANSLATORS: one paragraph, "para. 4".
PARAGRAPH = N_("para.")
# TRANSLATORS: several paragraphs, "paras. 4–6".
PARAGRAPHS = N_("paras.")
CHAPTER = N_("Chapter")
SECTION = N_("Section")
FIGURE = N_("Figure")
TABLE = N_("Table")
# TRANSLATORS: "no date", written where a year would be: "(n.d.)".
NO_DATE = N_("n.d.")
# TRANSLATORS: a work accepted but not yet published, in place of its year.
IN_PRESS = N_("in press")
# TRANSLATORS: before a web address of a page that changes over time; {date} is the day
# it was read: "Retrieved May 3, 2020, from https://...".
RETRIEVED = N_("Retrieved {date}, from")
# TRANSLATORS: before the editors and title of the book a chapter is in:
# "In A. Editor (Ed.), Book".
IN = N_("In")
# TRANSLATORS: volume of a book: "(Vol. 2)".
VOLUME = N_("Vol.")
# TRANSLATORS: report number: "(Report No. WHO/MSD/MER/16.4)".
NUMBER = N_("No.")
REPORT = N_("Report")
# TRANSLATORS: an article number in place of pages: "Article e0123".
ARTICLE = N_("Article")
DOCTORAL = N_("Doctoral dissertation")
MASTERS = N_("Master's thesis")
UNPUBLISHED_DOCTORAL = N_("Unpublished doctoral dissertation")
UNPUBLISHED_MASTERS = N_("Unpublished master's thesis")
UNPUBLISHED = N_("Unpublished manuscript")
# TRANSLATORS: the title of an article or chapter cited in text when it has no author;
# use your language's quotation marks.
QUOTED = N_("“{title}”")
# TRANSLATORS: description in square brackets after a video's title: "[Video]".
VIDEO = N_("Video")
# TRANSLATORS: ordinal for CLDR category "one" (English 1st, 21st). Use {n} for the number.
ORDINAL_ONE = N_("{n}st")
# TRANSLATORS: ordinal for CLDR category "two" (English 2nd, 22nd).
ORDINAL_TWO = N_("{n}nd")
# TRANSLATORS: ordinal for CLDR category "few" (English 3rd, 23rd).
ORDINAL_FEW = N_("{n}rd")
# TRANSLATORS: ordinal for every other number (English 4th, 11th); also CLDR "many".
ORDINAL_OTHER = N_("{n}th")

_ORDINALS = {"one": ORDINAL_ONE, "two": ORDINAL_TWO, "few": ORDINAL_FEW}

_ENGLISH_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


@lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


class Terms:
    """The formatter's vocabulary in one language."""

    def __init__(self, gettext: Gettext, lang: str = "en") -> None:
        self._gettext = gettext
        self.lang = lang
        self.locale = _locale(lang)
        self._cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        cached = self._cache.get(term)
        if cached is None:
            cached = self._cache[term] = self._gettext(term) or term
        return cached

    def ordinal(self, number: int) -> str:
        category = self.locale.ordinal_form(number)
        return self(_ORDINALS.get(category, ORDINAL_OTHER)).format(n=number)

    def edition(self, edition: str) -> str:
        """'2', '2nd' or 'second' -> '2nd ed.'; other words -> 'Updated and expanded ed.'."""
        value = edition.strip()
        digits = "".join(c for c in value if c.isdigit())
        lower = value.casefold()
        if lower.endswith(("ed.", "edition")):
            return value
        if digits and value.rstrip(".").removeprefix(digits).casefold() in (
            "",
            "st",
            "nd",
            "rd",
            "th",
        ):
            value = self.ordinal(int(digits))
        elif lower in _ENGLISH_ORDINAL_WORDS:
            value = self.ordinal(_ENGLISH_ORDINAL_WORDS[lower])
        return self(EDITION).format(edition=value)

    def month_day(self, month: int, day: int | None) -> str:
        """'May 3' / '3 de mayo' / 'May' for the APA date '(2020, May 3)'."""
        date = datetime.date(2000, month, day or 1)
        return format_skeleton("MMMMd" if day else "MMMM", date, locale=self.locale)

    def long_date(self, date: datetime.date) -> str:
        return format_date(date, "long", locale=self.locale)
