"""English and Urdu everywhere: RTL pages, a complete and compiled Urdu catalogue."""

from pathlib import Path

import polib

from tests.base import RihaiTestCase

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "ur" / "LC_MESSAGES"


def test_every_message_has_an_urdu_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_compiled_catalogue_matches_the_source():
    source = polib.pofile(str(LOCALE / "django.po"))
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    expected = {
        e.msgid: e.msgstr
        for e in source
        if e.translated() and not e.obsolete and not e.msgid_plural
    }
    actual = {e.msgid: e.msgstr for e in compiled if not e.msgid_plural}
    assert expected.items() <= actual.items(), "django.mo is stale: run `make messages`"


class UrduPagesTest(RihaiTestCase):
    def test_home_in_urdu_is_right_to_left(self):
        self.sign_in(self.fia_case_worker)
        self.client.cookies["django_language"] = "ur"
        page = self.client.get("/").content.decode()
        self.assertIn('dir="rtl"', page)
        self.assertIn('lang="ur"', page)
        self.assertIn("سائن آؤٹ", page)  # "Sign out"

    def test_login_in_english_is_left_to_right(self):
        page = self.client.get("/accounts/login/").content.decode()
        self.assertIn('dir="ltr"', page)
        self.assertIn("Sign in", page)

    def test_language_switch_sets_urdu(self):
        response = self.client.post(
            "/i18n/setlang/", {"language": "ur", "next": "/accounts/login/"}
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get("/accounts/login/").content.decode()
        self.assertIn('dir="rtl"', page)
