"""Model management: retrain from reviewed ads plus base data, compare on held-out ads, switch
only by an explicit audited choice of someone with the national grant."""

from django.core.exceptions import PermissionDenied

from adscreen.synthetic import generate
from rihai.audit.models import AuditLog
from rihai.screening import actions
from rihai.screening.actions_models import do_switch_model, do_train_model
from rihai.screening.models import Ad, ScoringModel
from rihai.screening.retrain import active_model_path

from .helpers import ScreeningTestCase


class ScoringModelTest(ScreeningTestCase):
    def setUp(self):
        ads = list(generate(24, seed=5))
        self.upload([{"id": f"s{i}", "text": a["text"]} for i, a in enumerate(ads)])
        for i, ad in enumerate(Ad.objects.order_by("id")):
            label = ads[int(ad.external_id[1:])]["label"]
            kwargs = {"note": "fee", "target_agency": self.fia} if label else {}
            actions.do_decide_ad(
                ad=ad,
                decision="lead" if label else "dismiss",
                acting_user=self.fia_investigator,
                **kwargs,
            )
            del i
        self.reviewed = Ad.objects.count()  # variations of one text are one ad

    def test_retrain_compare_and_switch_explicitly(self):
        candidate = do_train_model(acting_user=self.fia_supervisor, synthetic=150)
        self.assertEqual(candidate.status, "candidate")
        figures = candidate.figures
        self.assertEqual(figures["reviewed"], self.reviewed)
        self.assertEqual(figures["current_version"], "adscreen (shipped)")
        # Both models are measured on the same held-out ads.
        self.assertEqual(figures["candidate"]["n"], figures["current"]["n"])
        self.assertIn("roc_auc", figures["candidate"])
        # Trained is not in use: new ads are still scored by the shipped model.
        self.assertIsNone(active_model_path())
        self.upload([{"id": "before", "text": "Driver for Dubai, call 0300-0000061"}])
        self.assertNotEqual(self.ad("before").model_version, candidate.version)

        with self.assertRaises(PermissionDenied):  # an investigator may not switch
            do_switch_model(scoring_model=candidate, acting_user=self.fia_investigator)
        do_switch_model(scoring_model=candidate, acting_user=self.fia_supervisor)
        candidate.refresh_from_db()
        self.assertEqual(candidate.status, "active")
        row = AuditLog.objects.filter(event="scoring-model-switched").last()
        self.assertEqual(row.extra, {"to": candidate.version, "from": ["shipped"]})
        self.upload([{"id": "after", "text": "Cook for Doha, call 0300-0000062"}])
        self.assertEqual(self.ad("after").model_version, candidate.version)

        do_switch_model(scoring_model=None, acting_user=self.fia_supervisor)
        self.assertFalse(ScoringModel.objects.filter(status="active").exists())

    def test_training_needs_the_national_grant_and_enough_reviews(self):
        with self.assertRaises(PermissionDenied):
            do_train_model(acting_user=self.fia_investigator, synthetic=50)
        Ad.objects.update(review_status="new")
        from rihai.screening.models import AdDecision, Lead

        Lead.objects.all().delete()
        AdDecision.objects.all().delete()
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            do_train_model(acting_user=self.fia_supervisor, synthetic=50)
        self.assertFalse(ScoringModel.objects.exists())

    def test_the_models_page_shows_the_model_in_use(self):
        self.sign_in(self.fia_investigator)
        page = self.client.get("/screening/models/")
        self.assertContains(page, "shipped model")
        self.assertNotContains(page, "/screening/models/switch/")  # no grant, no button
        self.sign_in(self.fia_supervisor)
        page = self.client.get("/screening/models/")
        self.assertContains(page, "/screening/models/train/")
