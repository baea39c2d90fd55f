"""The schema of resource metadata and front matter, declared once.

The editors' field reference (docs/contributing/fields.md) and the JSON Schema for editors'
tools are generated from these models, so documentation and validation cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from .diagnostics import Diagnostics, did_you_mean
from .sources import LineMap
from .taxonomy import (
    AUDIENCES,
    CONDITIONS,
    LICENCES,
    PHASES,
    PROBLEM_AREAS,
    RESOURCE_TYPES,
    SETTINGS,
    Facet,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CITE_KEY_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*$")
DURATION_RE = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}$")
MAX_SLUG = 80


def _term(facet: Facet) -> Any:
    def check(value: str) -> str:
        if value not in facet.ids:
            raise PydanticCustomError(
                "unknown_term",
                "'{value}' is not a known {facet}.{suggestion} Allowed: {allowed}",
                {
                    "value": value,
                    "facet": facet.label.lower(),
                    "suggestion": did_you_mean(value, facet.ids),
                    "allowed": ", ".join(facet.ids),
                },
            )
        return value

    return Annotated[str, AfterValidator(check)]


def _slug(value: str) -> str:
    if not SLUG_RE.match(value) or len(value) > MAX_SLUG:
        raise PydanticCustomError(
            "bad_slug",
            "'{value}' is not a valid resource name: use lowercase letters, digits and "
            "single hyphens, at most {max} characters",
            {"value": value, "max": MAX_SLUG},
        )
    return value


def _https(value: str) -> str:
    if not value.startswith("https://") or len(value) < 12 or any(c.isspace() for c in value):
        raise PydanticCustomError(
            "not_https",
            "'{value}' is not an https:// address",
            {"value": value},
        )
    return value


def _duration(value: str) -> str:
    if not DURATION_RE.match(value):
        raise PydanticCustomError(
            "bad_duration", "'{value}' is not a duration like 12:34 or 1:02:03", {"value": value}
        )
    return value


def _relative_file(value: str) -> str:
    p = Path(value)
    if p.is_absolute() or ".." in p.parts or value.startswith(("/", "\\")) or "://" in value:
        raise PydanticCustomError(
            "path_escapes",
            "'{value}' must be a path inside the resource folder, like files/slides.pdf",
            {"value": value},
        )
    return value


def _cite_key(value: str) -> str:
    if not CITE_KEY_RE.match(value):
        raise PydanticCustomError(
            "bad_key", "'{value}' is not a citation key from bibliography.bib", {"value": value}
        )
    return value


ResourceType = _term(RESOURCE_TYPES)
ProblemArea = _term(PROBLEM_AREAS)
Phase = _term(PHASES)
Audience = _term(AUDIENCES)
Setting = _term(SETTINGS)
Condition = _term(CONDITIONS)
Slug = Annotated[str, AfterValidator(_slug)]
HttpsUrl = Annotated[str, AfterValidator(_https)]
RelativeFile = Annotated[str, AfterValidator(_relative_file)]
CiteKey = Annotated[str, AfterValidator(_cite_key)]
Duration = Annotated[str, AfterValidator(_duration)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Licence = Literal[tuple(LICENCES)]  # type: ignore[valid-type]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Review(_Model):
    """Clinical review: who checked the content, and when."""

    status: Literal["draft", "clinically-reviewed"] = Field(
        "draft",
        description="`draft` until a clinician has checked the content, then "
        "`clinically-reviewed`.",
    )
    reviewer: ShortText | None = Field(None, description="Name of the reviewing clinician.")
    date: dt.date | None = Field(None, description="Date of the review, YYYY-MM-DD.")


class Attachment(_Model):
    """A file shipped with the resource, inside its folder."""

    file: RelativeFile = Field(description="Path inside the resource folder, e.g. files/slides.pdf")
    title: ShortText = Field(description="What the file is, shown as the link text.")


class Video(_Model):
    """A video. It is never loaded from its host until the reader presses play."""

    url: HttpsUrl = Field(
        description="The https:// address of the video's embeddable player "
        "(for YouTube, the youtube-nocookie.com/embed/ address), or a file in the folder."
    )
    page: HttpsUrl | None = Field(None, description="The video's public page on its host.")
    host: ShortText = Field(description="Who hosts the video, e.g. YouTube, shown to readers.")
    duration: Duration = Field(description="Length as mm:ss or h:mm:ss.")
    poster: RelativeFile | None = Field(
        None, description="A still image in the resource folder, shown before playing."
    )
    captions: RelativeFile | None = Field(
        None, description="A WebVTT captions file in the folder (for self-hosted videos)."
    )
    speakers: list[ShortText] = Field(default_factory=list, description="Who speaks.")


class ResourceMeta(_Model):
    """Language-independent metadata of a resource, in ``resources/<slug>/resource.yml``."""

    type: ResourceType = Field(  # type: ignore[valid-type]
        description="The kind of resource: " + ", ".join(RESOURCE_TYPES.ids) + "."
    )
    problem_areas: list[ProblemArea] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="IPT problem areas it helps with: " + ", ".join(PROBLEM_AREAS.ids) + ".",
    )
    phases: list[Phase] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Phases of IPT it is used in: " + ", ".join(PHASES.ids) + ".",
    )
    audience: list[Audience] = Field(  # type: ignore[valid-type]
        min_length=1,
        description="Who it is written for: " + ", ".join(AUDIENCES.ids) + ".",
    )
    settings: list[Setting] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Formats of IPT it suits: " + ", ".join(SETTINGS.ids) + ".",
    )
    conditions: list[Condition] = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Conditions it relates to: " + ", ".join(CONDITIONS.ids) + ".",
    )
    citations: list[CiteKey] = Field(
        default_factory=list,
        max_length=100,
        description="Keys in bibliography.bib for the evidence this resource rests on.",
    )
    reference: CiteKey | None = Field(
        None,
        description="For `reading` and `manual`: the key of the work in bibliography.bib; "
        "its full reference is generated.",
    )
    link: HttpsUrl | None = Field(
        None, description="The publisher's page for a manual or reading (https://)."
    )
    authors: list[ShortText] = Field(
        default_factory=list, max_length=50, description="Who wrote this resource."
    )
    licence: Licence = Field(  # type: ignore[valid-type]
        "CC-BY-4.0",
        description="Licence of this text: " + ", ".join(LICENCES) + ". The library's own "
        "writing is CC-BY-4.0; `publisher` for works the library only links to.",
    )
    created: dt.date = Field(description="Date first published in the library, YYYY-MM-DD.")
    updated: dt.date | None = Field(None, description="Date of the last change of substance.")
    review: Review = Field(default_factory=Review, description="Clinical review status.")  # type: ignore[arg-type]
    related: list[Slug] = Field(
        default_factory=list,
        max_length=20,
        description="Names (folder names) of related resources, chosen by the editor.",
    )
    source_language: str = Field("en", description="The language the resource was written in.")
    video: Video | None = Field(None, description="For `video`: the video and its host.")
    attachments: list[Attachment] = Field(
        default_factory=list, max_length=20, description="Files offered for download."
    )
    pdf: bool = Field(True, description="Offer a printable PDF (handouts, worksheets, exercises).")


class TranslationInfo(_Model):
    """Where a translation came from. Present in every file other than the source text."""

    source_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="The hash of the source text this was translated from; "
        "`ipt-library translate` writes it. Update it after bringing the translation up "
        "to date (`ipt-library translate --refresh`)."
    )
    machine: bool = Field(
        False, description="true if made by machine translation and not yet reviewed."
    )
    translator: ShortText | None = Field(None, description="Who translated it.")
    reviewed_by: ShortText | None = Field(
        None, description="A fluent reviewer who signed the translation off."
    )
    reviewed: dt.date | None = Field(None, description="Date of that sign-off.")


class TextFrontMatter(_Model):
    """The front matter of ``resources/<slug>/<lang>.md``."""

    title: ShortText = Field(description="The title, in this language.")
    summary: Annotated[str, Field(min_length=10, max_length=400)] = Field(
        description="One or two sentences a reader understands in one breath."
    )
    guidance: Annotated[str, Field(max_length=5000)] | None = Field(
        None,
        description="For clinicians: how to use this resource in a session (Markdown).",
    )
    translation: TranslationInfo | None = Field(
        None, description="Only in translations: where the translation came from."
    )


class PageFrontMatter(_Model):
    """Front matter of a hand-written page in ``docs/`` (all optional)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    title: ShortText | None = None
    description: Annotated[str, Field(max_length=400)] | None = None
    translation: TranslationInfo | None = None


M = TypeVar("M", bound=BaseModel)

_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "unknown_term": "unknown-value",
    "literal_error": "unknown-value",
    "bad_slug": "bad-slug",
    "not_https": "not-https",
    "path_escapes": "path-escapes",
    "bad_key": "bad-citation-key",
    "bad_duration": "bad-duration",
    "string_too_long": "too-long",
    "too_long": "too-long",
    "string_too_short": "too-short",
    "too_short": "too-short",
}


def validate(
    model: type[M],
    data: Any,
    path: Path,
    lines: LineMap,
    diags: Diagnostics,
) -> M | None:
    """Validate ``data`` against ``model``; report each error at its line."""
    if not isinstance(data, dict):
        diags.error(
            path,
            lines.first_line,
            "not-a-mapping",
            "expected a list of 'field: value' lines",
            "see the field reference in docs/contributing/fields.md",
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            _report(model, err, data, path, lines, diags)
        return None


def _report(
    model: type[BaseModel],
    err: Any,
    data: dict[str, Any],
    path: Path,
    lines: LineMap,
    diags: Diagnostics,
) -> None:
    loc = tuple(p for p in err["loc"] if not isinstance(p, str) or not p.startswith("function-"))
    # pydantic adds the annotated type's name to loc for list items of Annotated types
    loc = tuple(p for p in loc if p not in ("str", "literal['draft','clinically-reviewed']"))
    field_name = ".".join(str(p) for p in loc) or "(top)"
    line = lines.line(*loc)
    etype = err["type"]
    code = _CODES.get(etype, "bad-value")
    if etype == "missing":
        owner = _model_at(model, loc[:-1])
        info = owner.model_fields.get(str(loc[-1])) if owner else None
        hint = info.description if info and info.description else ""
        line = lines.line(*loc[:-1]) if loc[:-1] else lines.first_line
        diags.error(path, line, code, f"the required field '{field_name}' is missing", hint)
    elif etype == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner else []
        suggestion = did_you_mean(str(loc[-1]), known)
        diags.error(
            path,
            line,
            code,
            f"'{field_name}' is not a known field.{suggestion}",
            "known fields here: " + ", ".join(known),
        )
    elif etype in ("unknown_term", "bad_slug", "not_https", "path_escapes", "bad_key"):
        diags.error(path, line, code, f"{field_name}: {err['msg']}")
    elif etype == "literal_error":
        value = err.get("input")
        expected = err.get("ctx", {}).get("expected", "")
        suggestion = did_you_mean(str(value), _literals(expected))
        diags.error(
            path,
            line,
            code,
            f"{field_name}: '{value}' is not allowed.{suggestion} Allowed: {expected}",
        )
    elif etype in (
        "list_type",
        "string_type",
        "bool_type",
        "date_type",
        "date_from_datetime_parsing",
        "model_type",
        "dict_type",
        "date_parsing",
        "bool_parsing",
        "int_type",
    ):
        diags.error(
            path,
            line,
            "wrong-type",
            f"{field_name}: {err['msg']} (got {_describe(err.get('input'))})",
            _type_hint(etype),
        )
    elif etype == "string_pattern_mismatch" and loc and loc[-1] == "source_hash":
        diags.error(
            path,
            line,
            "bad-source-hash",
            f"{field_name}: '{err.get('input')}' is not a source hash (12 digits 0-9 and a-f)",
            "copy the hash that 'ipt-library translate' printed, in quotes",
        )
    else:
        diags.error(path, line, code, f"{field_name}: {err['msg']}")


def _literals(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_hint(etype: str) -> str:
    if etype == "list_type":
        return "write a list: [a, b] or one '- item' per line"
    if etype.startswith("date"):
        return "write dates as YYYY-MM-DD"
    if etype.startswith("bool"):
        return "write true or false"
    if etype in ("model_type", "dict_type"):
        return "write 'field: value' lines indented under this field"
    return "put text in quotes if it looks like a number, date or true/false"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The nested model class that ``loc`` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
