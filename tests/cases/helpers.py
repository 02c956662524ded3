"""Synthetic persons and cases for the tests (obviously fictional data)."""

from rihai.cases.actions import do_export_htcds_case, do_open_case, do_register_person
from tests.base import RihaiTestCase

FIRST_CNIC = "35202-1111111-1"


class CaseTestCase(RihaiTestCase):
    def person(self, user=None, **fields):
        user = user or self.fia_case_worker
        data = {
            "name_roman": "Samina Demo",
            "name_ur": "ثمینہ ڈیمو",
            "sex": "female",
            "estimated_age": 24,
            "province": self.punjab,
        }
        data.update(fields)
        return do_register_person(acting_user=user, **data)

    def case(self, user=None, person=None, **fields):
        user = user or self.fia_case_worker
        person = person or self.person(user)
        return do_open_case(acting_user=user, person=person, **fields)

    def full_export(self, case, user=None, **basis):
        """The whole case as HTCDS (purpose "return" carries every field), on a legal basis
        unless the test gives another."""
        basis.setdefault("purpose", "return")
        basis.setdefault("recipient", self.ngo)
        basis.setdefault("legal_basis", "court-order")
        basis.setdefault("legal_reference", "Test order 1/2026")
        return do_export_htcds_case(case=case, acting_user=user or self.fia_supervisor, **basis)
