"""The HTML of fields: real controls, each with an accessible name, on any page."""

from __future__ import annotations

import textwrap
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
import pytest
import tinyhtml5  # type: ignore[import-untyped]

from ipt_library.diagnostics import Diagnostics
from ipt_library.worksheets import Field, FieldIds, extract_fields

from .test_fields import ALL_KINDS

CONTROLS = ("input", "textarea", "select")


def page_for(body: str) -> tuple[Element, list[Field]]:
    diags = Diagnostics(Path("."))
    out, fields = extract_fields(
        textwrap.dedent(body), Path("en.md"), 1, diags, lang="en", locales=None
    )
    assert list(diags) == []
    html = markdown.markdown(out, extensions=["toc", "attr_list", "md_in_html"])
    return tinyhtml5.parse(html, namespace_html_elements=False), fields


@pytest.fixture(scope="module")
def page() -> tuple[Element, list[Field]]:
    return page_for(ALL_KINDS)


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def controls(root: Element) -> list[Element]:
    return [el for el in root.iter() if el.tag in CONTROLS]


def test_ids_are_unique_and_prefixed(page: tuple[Element, list[Field]]) -> None:
    root, _ = page
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("ws-") for i in ids if i)


def test_every_control_has_a_name_from_a_label_or_headers(
    page: tuple[Element, list[Field]],
) -> None:
    root, _ = page
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    labels = {el.get("for"): el for el in root.iter("label")}
    found = controls(root)
    assert len(found) == 1 + 1 + 1 + 2 + 11 + 4 * 2
    for control in found:
        if control.get("aria-labelledby"):
            refs = control.get("aria-labelledby", "").split()
            assert refs and all(r in by_id and text(by_id[r]) for r in refs), control.attrib
        else:
            label = labels.get(control.get("id"))
            assert label is not None and text(label), control.attrib
        for ref in control.get("aria-describedby", "").split():
            assert ref in by_id and text(by_id[ref])


def test_control_names_are_the_field_names(page: tuple[Element, list[Field]]) -> None:
    root, fields = page
    names = [el.get("name") for el in controls(root)]
    expected: list[str] = []
    for field in fields:
        if field.kind == "rating":
            expected.extend([field.name] * len(field.scale))
        else:
            expected.extend(FieldIds(field).control_names())
    assert names == expected
    assert "supports:partner" in names and "relationships:4:gives" in names


def test_kinds_use_the_right_controls(page: tuple[Element, list[Field]]) -> None:
    root, _ = page
    by_name = {el.get("name"): el for el in controls(root)}
    assert by_name["important-people"].tag == "textarea"
    assert by_name["important-people"].get("rows") == "5"
    assert by_name["my-name"].get("type") == "text"
    assert by_name["today"].get("type") == "date"
    assert by_name["supports:family"].get("type") == "checkbox"
    assert by_name["mood"].get("type") == "radio"


def test_help_describes_its_control(page: tuple[Element, list[Field]]) -> None:
    root, _ = page
    (area,) = [el for el in root.iter("textarea") if el.get("name") == "important-people"]
    (help_text,) = [el for el in root.iter() if el.get("id") == area.get("aria-describedby")]
    assert text(help_text) == "One name per line."


def test_groups_are_fieldsets_with_their_question_as_legend(
    page: tuple[Element, list[Field]],
) -> None:
    root, _ = page
    legends = {text(fs.find("legend")): fs for fs in root.iter("fieldset")}  # type: ignore[arg-type]
    assert set(legends) == {"Who supports you?", "How was your mood?"}
    boxes = [el for el in legends["Who supports you?"].iter("input")]
    assert [b.get("type") for b in boxes] == ["checkbox", "checkbox"]
    points = [el for el in legends["How was your mood?"].iter("input")]
    assert [p.get("value") for p in points] == [str(v) for v in range(11)]
    # the scale's ends describe its first and last point
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert text(by_id[points[0].get("aria-describedby")]) == "Very low"
    assert text(by_id[points[-1].get("aria-describedby")]) == "Very good"


def test_table_cells_are_labelled_by_column_and_row(page: tuple[Element, list[Field]]) -> None:
    root, _ = page
    (table,) = root.iter("table")
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert text(by_id[table.get("aria-labelledby")]) == "My relationships"
    cols = [th for th in table.iter("th") if th.get("scope") == "col"]
    rows = [th for th in table.iter("th") if th.get("scope") == "row"]
    assert [text(th) for th in cols] == ["Person", "What this relationship gives me"]
    assert len(rows) == 4
    cell = next(el for el in table.iter("textarea") if el.get("name") == "relationships:3:gives")
    col_id, row_id = cell.get("aria-labelledby", "").split()
    assert text(by_id[col_id]) == "What this relationship gives me"
    assert text(by_id[row_id]).startswith("Row 3")


def test_text_is_escaped() -> None:
    root, _ = page_for(
        """\
        ```field
        name: x
        kind: text
        label: "<script>alert(1)</script> & more"
        ```
        """
    )
    assert not list(root.iter("script"))
    (label,) = root.iter("label")
    assert text(label) == "<script>alert(1)</script> & more"
