"""The Urdu catalogue uses docs/glossary.md's terms: trafficking is never rendered as smuggling."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ur" / "LC_MESSAGES" / "django.po"
SMUGGLING_WORD = "اسمگلنگ"


def glossary() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] and not set(cells[0]) <= {"-"} and cells[0] != "English":
            if line.startswith("|"):
                rows[cells[0]] = cells[1]
    return rows


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if e.translated() and not e.obsolete]


def test_the_glossary_has_both_crimes():
    terms = glossary()
    assert terms["trafficking in persons (PTPA 2018)"] == "انسانی ٹریفکنگ"
    assert SMUGGLING_WORD in terms["smuggling of migrants (PSMA 2018)"]
    assert SMUGGLING_WORD not in terms["trafficking in persons (PTPA 2018)"]


def test_trafficking_is_never_rendered_as_smuggling():
    trafficking = glossary()["trafficking in persons (PTPA 2018)"]
    checked = 0
    for entry in entries():
        english = entry.msgid.lower()
        if "traffick" not in english:
            continue
        checked += 1
        assert trafficking in entry.msgstr, (entry.msgid, entry.msgstr)
        if "smuggl" not in english:
            assert SMUGGLING_WORD not in entry.msgstr, (entry.msgid, entry.msgstr)
    assert checked >= 3


def test_smuggling_is_rendered_with_the_glossary_term():
    smuggling = glossary()["smuggling of migrants (PSMA 2018)"]
    checked = 0
    for entry in entries():
        if re.search(r"smuggl", entry.msgid, re.I):
            checked += 1
            assert smuggling in entry.msgstr, (entry.msgid, entry.msgstr)
    assert checked >= 2
