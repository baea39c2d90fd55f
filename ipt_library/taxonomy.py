"""The library's controlled vocabulary: resource types and the IPT taxonomy.

Declared once, here. Labels are English source strings marked with ``N_`` so that Babel
extracts them into ``locales/messages.pot``; templates translate them at render time.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    """Mark a string for extraction without translating it now."""
    return text


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    plural: str
    description: str
    icon: str = ""


@dataclass(frozen=True)
class Facet:
    """A field of resource.yml whose values come from a fixed list of terms."""

    field: str
    label: str
    terms: tuple[Term, ...]
    url_segment: str
    browse: bool = True

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    def get(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(term_id)


RESOURCE_TYPES = Facet(
    field="type",
    label=N_("Type"),
    url_segment="type",
    terms=(
        Term(
            "handout",
            N_("Information handout"),
            N_("Information handouts"),
            N_("Plain-language explanations to read and keep."),
            "material/file-document-outline",
        ),
        Term(
            "worksheet",
            N_("Worksheet"),
            N_("Worksheets"),
            N_("Forms to fill in, in the browser or as a fillable PDF."),
            "material/form-select",
        ),
        Term(
            "exercise",
            N_("Exercise"),
            N_("Exercises"),
            N_("Step-by-step practice between or during sessions."),
            "material/run",
        ),
        Term(
            "manual",
            N_("Treatment manual"),
            N_("Treatment manuals"),
            N_("Published guides to delivering IPT."),
            "material/book-open-variant",
        ),
        Term(
            "presentation",
            N_("Presentation"),
            N_("Presentations"),
            N_("Slides for teaching and training."),
            "material/presentation",
        ),
        Term(
            "video",
            N_("Video"),
            N_("Videos"),
            N_("Talks and demonstrations; they load only when you press play."),
            "material/play-circle-outline",
        ),
        Term(
            "reading",
            N_("Recommended reading"),
            N_("Recommended reading"),
            N_("Key books, reviews and studies, with a short summary."),
            "material/bookshelf",
        ),
    ),
)

PROBLEM_AREAS = Facet(
    field="problem_areas",
    label=N_("Problem area"),
    url_segment="problem-area",
    terms=(
        Term(
            "grief",
            N_("Grief"),
            N_("Grief"),
            N_("After the death of someone important."),
        ),
        Term(
            "role-disputes",
            N_("Role disputes"),
            N_("Role disputes"),
            N_("Conflict with a partner, family, friends or at work."),
        ),
        Term(
            "role-transitions",
            N_("Role transitions"),
            N_("Role transitions"),
            N_("A life change such as a move, a new baby, retirement or illness."),
        ),
        Term(
            "interpersonal-deficits",
            N_("Interpersonal deficits and sensitivity"),
            N_("Interpersonal deficits and sensitivity"),
            N_("Loneliness, few close relationships, or finding relationships hard."),
        ),
    ),
)

PHASES = Facet(
    field="phases",
    label=N_("Phase"),
    url_segment="phase",
    terms=(
        Term(
            "initial",
            N_("Initial phase"),
            N_("Initial phase"),
            N_("Sessions 1-3: understanding the problem and choosing a focus."),
        ),
        Term(
            "middle",
            N_("Middle phase"),
            N_("Middle phase"),
            N_("Working on the chosen problem area."),
        ),
        Term(
            "final",
            N_("Final phase"),
            N_("Final phase"),
            N_("Ending well and planning to stay well."),
        ),
    ),
)

AUDIENCES = Facet(
    field="audience",
    label=N_("Audience"),
    url_segment="audience",
    terms=(
        Term(
            "public",
            N_("People seeking help"),
            N_("People seeking help"),
            N_("Clients, families and anyone who wants to understand IPT."),
        ),
        Term(
            "clinician",
            N_("Clinicians"),
            N_("Clinicians"),
            N_("Therapists, counsellors and lay health workers."),
        ),
    ),
)

SETTINGS = Facet(
    field="settings",
    label=N_("Setting"),
    url_segment="setting",
    terms=(
        Term("individual", N_("Individual"), N_("Individual"), N_("One person and a therapist.")),
        Term("group", N_("Group"), N_("Group"), N_("Group IPT.")),
        Term(
            "adolescents",
            N_("Adolescents"),
            N_("Adolescents"),
            N_("IPT adapted for young people (IPT-A)."),
        ),
        Term("couples", N_("Couples"), N_("Couples"), N_("Conjoint work with a partner.")),
        Term(
            "telephone",
            N_("Telephone and online"),
            N_("Telephone and online"),
            N_("Sessions at a distance."),
        ),
        Term(
            "lay-counsellors",
            N_("Lay counsellors"),
            N_("Lay counsellors"),
            N_("Delivered by trained non-specialists."),
        ),
    ),
)

CONDITIONS = Facet(
    field="conditions",
    label=N_("Condition"),
    url_segment="condition",
    browse=False,
    terms=(
        Term("depression", N_("Depression"), N_("Depression"), ""),
        Term("perinatal-depression", N_("Perinatal depression"), N_("Perinatal depression"), ""),
        Term("bipolar-disorder", N_("Bipolar disorder"), N_("Bipolar disorder"), ""),
        Term("dysthymia", N_("Persistent depression"), N_("Persistent depression"), ""),
        Term("anxiety", N_("Anxiety"), N_("Anxiety"), ""),
        Term("eating-disorders", N_("Eating disorders"), N_("Eating disorders"), ""),
        Term("grief", N_("Prolonged grief"), N_("Prolonged grief"), ""),
        Term("general", N_("General wellbeing"), N_("General wellbeing"), ""),
    ),
)

#: Facets a reader can browse by, in the order the catalogue shows them.
BROWSE_FACETS: tuple[Facet, ...] = (RESOURCE_TYPES, PROBLEM_AREAS, PHASES, AUDIENCES, SETTINGS)
ALL_FACETS: tuple[Facet, ...] = (*BROWSE_FACETS, CONDITIONS)

#: Licences a resource may carry (SPDX identifiers), with their deed URLs.
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-SA-4.0": (
        "CC BY-NC-SA 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    "CC-BY-NC-ND-4.0": (
        "CC BY-NC-ND 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "publisher": (N_("The publisher's terms"), ""),
}

#: Types whose text can be printed as a blank PDF.
PRINTABLE_TYPES = frozenset({"handout", "worksheet", "exercise"})
