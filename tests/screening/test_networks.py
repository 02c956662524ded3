"""Networks: built from stored signatures and hashed contacts, ids stable as batches arrive."""

from django.core.exceptions import PermissionDenied

from rihai.accounts.access import RecordNotFound
from rihai.screening import actions, queries
from rihai.screening.models import Ad, Network

from .helpers import ScreeningTestCase

AGENT_A = "call 0300-0000041"
AGENT_B = "WhatsApp 0300-0000042"


class NetworkTest(ScreeningTestCase):
    def network_of(self, external_id):
        return self.ad(external_id).network_id

    def test_ads_sharing_a_phone_form_a_network_and_a_new_batch_joins_it(self):
        self.upload(
            [
                {"id": "a1", "text": f"Driver for Dubai, azad visa, {AGENT_A}"},
                {"id": "a2", "text": f"Cook wanted in Doha, no interview, {AGENT_A}"},
                {"id": "b1", "text": f"Maid for Riyadh, fee first, {AGENT_B}"},
                {"id": "b2", "text": f"Guard for Muscat, ticket free, {AGENT_B}"},
                {"id": "lone", "text": "Nurse job in Lahore hospital, apply by post"},
            ]
        )
        a, b = self.network_of("a1"), self.network_of("b1")
        self.assertIsNotNone(a)
        self.assertNotEqual(a, b)
        self.assertEqual(self.network_of("a2"), a)
        self.assertIsNone(self.network_of("lone"))
        self.assertEqual(Network.objects.get(pk=a).strength, "strong")
        # A later batch: one ad joins A, one links A and B (they merge into the older id).
        self.upload(
            [
                {"id": "a3", "text": f"Electrician for Jeddah, {AGENT_A}"},
                {"id": "ab", "text": f"Jobs in Kuwait {AGENT_A} or {AGENT_B}"},
            ]
        )
        self.assertEqual(self.network_of("a3"), a)
        self.assertEqual({self.network_of(x) for x in ("a1", "b1", "b2", "ab")}, {min(a, b)})
        self.assertEqual(Network.objects.count(), 1)
        self.assertEqual(Network.objects.get().size, 6)

    def test_clustering_never_needs_the_text(self):
        self.upload(
            [
                {"id": "a1", "text": f"Driver for Dubai {AGENT_A}"},
                {"id": "a2", "text": f"Cook for Doha {AGENT_A}"},
            ]
        )
        for ad in Ad.objects.all():
            self.assertEqual(len(bytes(ad.signature)), 64 * 4)
            self.assertNotIn("+923000000041", " ".join(ad.contact_keys))

    def test_only_national_reviewers_see_networks(self):
        self.upload(
            [
                {"id": "a1", "text": f"Driver for Dubai {AGENT_A}"},
                {"id": "a2", "text": f"Cook for Doha {AGENT_A}"},
            ]
        )
        network = Network.objects.get()
        self.assertEqual(queries.access_network(self.ngo_investigator, network.pk), network)
        for user in (self.fia_analyst, self.fia_case_worker, self.fia_administrator):
            with self.assertRaises(RecordNotFound):
                queries.access_network(user, network.pk)
        with self.assertRaises(PermissionDenied):
            actions.do_update_networks(acting_user=self.fia_case_worker)

    def test_network_page_lists_ads_and_what_joins_them(self):
        self.upload(
            [
                {"id": "a1", "text": f"Driver for Dubai {AGENT_A}"},
                {"id": "a2", "text": f"Cook for Doha {AGENT_A}"},
            ]
        )
        network = Network.objects.get()
        self.sign_in(self.fia_investigator)
        page = self.client.get(f"/screening/networks/{network.pk}/").content.decode()
        self.assertIn("phone:+923000000041", page)
        self.assertIn(f"/screening/ads/{self.ad('a1').pk}/", page)
        listing = self.client.get("/screening/networks/").content.decode()
        self.assertIn(f"/screening/networks/{network.pk}/", listing)
