"""The form around a worksheet: never submits, says where answers stay, translated."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import tinyhtml5  # type: ignore[import-untyped]

from ipt_library.worksheets import worksheet_form

BODY = (
    '<p>Intro</p><div class="ipt-field"><label for="ws-a">A</label><input id="ws-a" name="a"></div>'
)


def parse(html: str) -> Element:
    return tinyhtml5.parse(html, namespace_html_elements=False)


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_form_wraps_the_body_and_never_submits() -> None:
    root = parse(worksheet_form(BODY, slug="my-sheet", lang="en", locales=None))
    (form,) = root.iter("form")
    assert form.get("data-worksheet") == "my-sheet-en"
    assert form.get("class") == "ipt-worksheet"
    # method="dialog" outside a <dialog> never navigates; no action, no GET/POST
    assert form.get("method") == "dialog" and form.get("action") is None
    buttons = list(form.iter("button"))
    # the first submit button is disabled, so Enter in a field submits nothing
    assert buttons[0].get("type") == "submit" and buttons[0].get("disabled") is not None
    clear = [b for b in buttons if b.get("type") == "reset"]
    assert [text(b) for b in clear] == ["Clear my answers"]
    assert any(el.get("name") == "a" for el in form.iter("input"))
    status = [el for el in form.iter() if el.get("role") == "status"]
    assert status and status[0].get("aria-live") == "polite"
    assert "stays on this device" in text(form)
    for key in ("saved", "restored", "cleared", "confirm", "unavailable"):
        assert form.get(f"data-msg-{key}")


def test_strings_go_through_the_catalog(tmp_path: Path) -> None:
    po = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Clear my answers"\nmsgstr "Borrar mis respuestas"\n\n'
        'msgid "Your answers have been cleared."\nmsgstr "Se han borrado sus respuestas."\n',
        encoding="utf-8",
    )
    root = parse(worksheet_form(BODY, slug="s", lang="es", locales=tmp_path))
    (form,) = root.iter("form")
    assert form.get("data-worksheet") == "s-es"
    assert "Borrar mis respuestas" in [text(b) for b in form.iter("button")]
    assert form.get("data-msg-cleared") == "Se han borrado sus respuestas."
