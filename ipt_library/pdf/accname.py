"""The accessible name of each form control, computed from the HTML as a browser would.

WeasyPrint names a PDF field (its tooltip, /TU) from a ``<label>`` in the same form or
the ``title``; it does not follow ``aria-labelledby`` (table cells) nor give a checkbox
the question it belongs to. The finisher sets /TU from these names instead, so a screen
reader in a PDF viewer hears what it would hear on the web page.
"""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element

import tinyhtml5  # type: ignore[import-untyped]  # WeasyPrint's own HTML parser

_CONTROLS = ("input", "textarea", "select")
_NOT_FIELDS = ("submit", "reset", "button", "hidden", "image")


def control_names(html: str) -> dict[str, str]:
    """Map each control's ``name`` (the PDF field name) to its accessible name.

    A PDF field has no surrounding group, so the group's name comes first: a checkbox
    is named "<question> <option>", a table cell "<table> <column> <row>". A group of
    radio buttons (one PDF field) is named by its question, the fieldset's legend.
    """
    root: Element = tinyhtml5.parse(html, namespace_html_elements=False)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    label_for = {el.get("for"): el for el in root.iter("label") if el.get("for")}
    parents = {child: parent for parent in root.iter() for child in parent}
    names: dict[str, str] = {}
    for element in root.iter():
        name = element.get("name")
        if element.tag not in _CONTROLS or not name:
            continue
        kind = (element.get("type") or "text").lower()
        if kind in _NOT_FIELDS:
            continue
        own = _own_name(element, by_id, label_for, parents)
        group = _group_name(element, by_id, parents)
        if kind == "radio":
            names.setdefault(name, group or own)
        else:
            names[name] = _join(group, own)
    return names


def _join(group: str, own: str) -> str:
    if not group or not own:
        return group or own
    # "Which ones? Family" reads well; "Which ones Family" does not.
    separator = " " if unicodedata.category(group[-1]) == "Po" else ": "
    return group + separator + own


def _own_name(
    element: Element,
    by_id: dict[str | None, Element],
    label_for: dict[str | None, Element],
    parents: dict[Element, Element],
) -> str:
    labelledby = (element.get("aria-labelledby") or "").split()
    if labelledby:
        return " ".join(text_of(by_id[i]) for i in labelledby if i in by_id).strip()
    if element.get("id") in label_for:
        return text_of(label_for[element.get("id")])
    ancestor = parents.get(element)
    while ancestor is not None:
        if ancestor.tag == "label":
            return text_of(ancestor)
        ancestor = parents.get(ancestor)
    for attribute in ("aria-label", "title", "placeholder"):
        if element.get(attribute):
            return _squash(element.get(attribute) or "")
    return ""


def _group_name(
    element: Element, by_id: dict[str | None, Element], parents: dict[Element, Element]
) -> str:
    """The legend of the enclosing fieldset, or the name of the enclosing table."""
    ancestor = parents.get(element)
    while ancestor is not None:
        if ancestor.tag == "fieldset":
            legend = ancestor.find("legend")
            return text_of(legend) if legend is not None else ""
        if ancestor.tag == "table":
            ids = (ancestor.get("aria-labelledby") or "").split()
            if ids:
                return " ".join(text_of(by_id[i]) for i in ids if i in by_id).strip()
            caption = ancestor.find("caption")
            return text_of(caption) if caption is not None else ""
        ancestor = parents.get(ancestor)
    return ""


def text_of(element: Element) -> str:
    """The element's text without aria-hidden parts, whitespace collapsed."""
    return _squash("".join(_texts(element)))


def _texts(element: Element) -> list[str]:
    if element.get("aria-hidden") == "true":
        return []
    parts = [element.text or ""]
    for child in element:
        parts.extend(_texts(child))
        parts.append(child.tail or "")
    return parts


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
