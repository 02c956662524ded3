"""docs/security.md opens with a threat table whose last column names the tests that prove
each row: every file it names must exist (a renamed test leaves the table pointing nowhere)."""

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
WHO = (
    "an outsider",
    "a case worker of another agency",
    "an administrator",
    "someone with a copy of the database",
    "someone with write access to the database",
)


def threat_rows() -> list[list[str]]:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    table = text.split("## Threats", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ")]
    return [[cell.strip(" |") for cell in row] for row in rows[1:] if not row[0].startswith("|--")]


class ThreatTableTest(SimpleTestCase):
    def test_the_table_comes_first_and_names_every_attacker_of_the_issue(self):
        text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
        self.assertLess(text.index("## Threats"), text.index("\n## ", text.index("## Threats")))
        self.assertEqual(text.index("\n## "), text.index("\n## Threats"))  # the first section
        attackers = [row[0] for row in threat_rows()]
        for who in WHO:
            self.assertTrue(any(a.startswith(who) for a in attackers), who)

    def test_every_named_test_file_exists(self):
        named = 0
        for row in threat_rows():
            self.assertEqual(len(row), 4, row)
            folder = "tests/foundation/"
            for name in re.findall(r"`([^`]+)`", row[3]):
                if not name.endswith((".py", "/")):
                    continue  # a command such as `check --deploy`
                if "/" in name:
                    folder = name.rsplit("/", 1)[0] + "/" if name.endswith(".py") else name
                    path = name
                else:  # a bare file name: the folder of the path named before it
                    path = folder + name
                matches = list(ROOT.glob(path))
                self.assertTrue(matches, f"the threat table names {path}, which does not exist")
                named += 1
        self.assertGreater(named, 25)
