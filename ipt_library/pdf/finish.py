"""Post-processing of the PDF WeasyPrint builds, through its public ``finisher`` hook.

What WeasyPrint 70 leaves to do for an accessible, fillable form:

- /TU (the name a screen reader speaks) comes only from a ``<label>`` or ``title``;
  here it is the accessible name of the HTML control (see ``accname``).
- Each radio button is listed as a field of its own *and* as a kid of its group, with
  the group's /T repeated, so readers see "rating.rating"; kids lose /T and /TU and
  leave the field list.
- Text fields have no alignment (/Q); in a right-to-left document they are right-aligned.
- DisplayDocTitle is unset (PDF/UA asks for it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pydyf  # type: ignore[import-untyped]

RIGHT_ALIGNED = 2  # /Q: 0 start at the left, 1 centred, 2 right


def make_finisher(tooltips: Mapping[str, str], *, rtl: bool) -> Callable[[Any, Any], None]:
    """A ``finisher(document, pdf)`` for WeasyPrint's ``write_pdf``."""

    def finish(document: Any, pdf: Any) -> None:
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        acroform = pdf.catalog.get("AcroForm")
        if acroform is None:
            return
        kids: set[int] = set()
        for reference in acroform["Fields"]:
            field = _object(pdf, reference)
            for kid_reference in field.get("Kids", ()):
                kids.add(_number(kid_reference))
                kid = _object(pdf, kid_reference)
                kid.pop("T", None)
                kid.pop("TU", None)
        kept = pydyf.Array()
        for reference in acroform["Fields"]:
            if _number(reference) in kids:
                continue
            kept.append(reference)
            field = _object(pdf, reference)
            name = field["T"].string if "T" in field else ""
            if tooltips.get(name):
                field["TU"] = pydyf.String(tooltips[name])
            if rtl and field.get("FT") == "/Tx":
                field["Q"] = RIGHT_ALIGNED
        acroform["Fields"] = kept

    return finish


def _number(reference: Any) -> int:
    return int(bytes(reference).split()[0])


def _object(pdf: Any, reference: Any) -> Any:
    return pdf.objects[_number(reference)]
