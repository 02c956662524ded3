"""The network drawing: ads ↔ contacts ↔ advertisers ↔ suspects ↔ investigations ↔ cases,
with other agencies' records shown only as a count and whom to ask."""

import json
import re
from datetime import date

from rihai.audit.models import AuditLog
from rihai.cases.actions import do_open_case, do_register_person
from rihai.justice import actions as justice
from rihai.screening import graph
from rihai.screening.models import Ad, Network

from .helpers import ScreeningTestCase

DAY = date(2024, 3, 1)


def suspect_in(user, *, name, phone="0300-0000041", number="C-1"):
    inv = justice.do_open_investigation(
        acting_user=user, complaint_number=number, complaint_date=DAY
    )
    accused = justice.do_accuse_suspect(
        investigation=inv,
        acting_user=user,
        kind="person",
        role="recruiter",
        name_roman=name,
        phone=phone,
    )
    return inv, accused.suspect


class NetworkGraphTest(ScreeningTestCase):
    def setUp(self):
        self.apply_registry()
        self.upload(
            [
                {"id": "a1", "text": "Driver for Dubai, licence 0848/LHR, call 0300-0000041"},
                {"id": "a2", "text": "Cook for Doha, WhatsApp 0300-0000041"},
                {"id": "a3", "text": "Guard for Muscat, call 0300-0000099"},
            ]
        )
        self.network = Network.objects.get()
        self.inv, self.mine = suspect_in(self.fia_investigator, name="Tariq Recruiter")
        person = do_register_person(
            acting_user=self.fia_investigator,
            name_roman="Survivor Demo",
            sex="female",
            estimated_age=24,
        )
        self.case = do_open_case(acting_user=self.fia_investigator, person=person)
        justice.do_link_victim_case(
            investigation=self.inv, case=self.case, acting_user=self.fia_investigator
        )
        _inv, self.theirs = suspect_in(self.ngo_investigator, name="Hidden Name", number="N-1")

    def page(self, user):
        self.sign_in(user)
        response = self.client.get(f"/screening/networks/{self.network.pk}/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_drawing_joins_ads_contacts_advertiser_suspect_investigation_and_case(self):
        ads = list(Ad.objects.filter(network=self.network))
        drawn = graph.build(self.fia_investigator, ads)
        kinds = {n["data"]["id"]: n["data"]["kind"] for n in drawn["nodes"]}
        edges = {(e["data"]["source"], e["data"]["target"]) for e in drawn["edges"]}
        phone = "phone:+923000000041"
        self.assertEqual(kinds[phone], "phone")
        self.assertEqual(kinds["licence:0848/LHR"], "licence")
        suspect = f"suspect-{self.mine.pk}"
        self.assertEqual(kinds[suspect], "suspect")
        self.assertIn((phone, suspect), edges)
        # The WhatsApp ad and the call ad meet at the same number, and the number at the suspect.
        a1, a2 = (f"ad-{Ad.objects.get(pk=a.pk).pk}" for a in (self.ad("a1"), self.ad("a2")))
        self.assertTrue({(a1, phone), (a2, phone)} <= edges)
        self.assertIn((suspect, f"investigation-{self.inv.pk}"), edges)
        self.assertIn((suspect, f"case-{self.case.pk}"), edges)
        # Every edge joins two drawn nodes.
        self.assertTrue(all(a in kinds and b in kinds for a, b in edges))

    def test_another_agencys_suspect_is_a_count_and_whom_to_ask(self):
        page = self.page(self.fia_investigator)
        self.assertIn("Tariq Recruiter", page)
        self.assertNotIn("Hidden Name", page)
        self.assertIn("Test NGO Karachi", page)
        found = re.search(r'id="network-graph-data"[^>]*>(.*?)</script>', page, re.S)
        data = json.loads(found.group(1))
        elsewhere = [n["data"] for n in data["nodes"] if n["data"]["kind"] == "elsewhere"]
        self.assertEqual([e["label"] for e in elsewhere], ["Test NGO Karachi · 1"])
        self.assertNotIn(f"suspect-{self.theirs.pk}", json.dumps(data))
        # And the other way round: the NGO's investigator sees its own, and FIA's as a count.
        page = self.page(self.ngo_investigator)
        self.assertIn("Hidden Name", page)
        self.assertNotIn("Tariq Recruiter", page)
        self.assertNotIn(self.case.reference, page)

    def test_the_page_works_without_javascript_and_audits_the_suspects_shown(self):
        page = self.page(self.fia_investigator)
        self.assertIn("screening/vendor/cytoscape.min.js", page)
        self.assertIn(f"/justice/{self.inv.pk}/", page)  # the list links what the drawing shows
        self.assertIn(f"/cases/{self.case.pk}/", page)
        row = AuditLog.objects.filter(event="record-listed", object_type="justice.suspect").last()
        self.assertEqual(row.extra["ids"], [self.mine.pk])
