"""How to call every screening action for the action-contract test.

``SPECS["rihai.screening.actions.do_x"](test_case)`` builds its world on a
``ScreeningTestCase`` and returns {"allowed": kwargs, "other_agency": kwargs whose record
belongs to another agency (or None, with "why_no_agency"), "event": the audit code}.
"""

from rihai.screening.models import Lead

from .helpers import ADS, REGISTRY_CSV, jsonl


def _preview(tc, user=None):
    from rihai.screening import actions

    return actions.do_preview_registry_import(
        acting_user=user or tc.beoe_supervisor, content=REGISTRY_CSV.encode(), file_name="x.csv"
    )


def preview_registry(tc):
    return {
        "allowed": {"acting_user": tc.beoe_supervisor, "content": REGISTRY_CSV.encode()},
        "other_agency": None,
        "why_no_agency": "creates a new import at the user's own agency; no record is named",
        "event": "registry-import-previewed",
    }


def apply_registry(tc):
    mine = _preview(tc)
    return {
        "allowed": {"acting_user": tc.beoe_supervisor, "registry_import": mine},
        "other_agency": {"acting_user": tc.beoe2_supervisor, "registry_import": mine},
        "event": "registry-import-applied",
    }


def upload_batch(tc):
    return {
        "allowed": {"acting_user": tc.fia_investigator, "content": jsonl(ADS)},
        "other_agency": None,
        "why_no_agency": "creates a new batch at the user's own agency; no record is named",
        "event": "ad-batch-uploaded",
    }


def _queued_batch(tc, tag: str):
    from rihai.screening import actions

    # A file of its own (the same file twice is one batch), never scored: the task is not run.
    content = jsonl([{**ad, "id": f"{tag}-{ad['id']}"} for ad in ADS])
    with tc.captureOnCommitCallbacks(execute=False):
        batch, _ = actions.do_upload_ad_batch(acting_user=tc.fia_investigator, content=content)
    return batch


def split_batch(tc):
    batch = _queued_batch(tc, "split")
    return {
        "allowed": {"batch": batch, "acting_user": tc.fia_investigator, "chunk_size": 2},
        "other_agency": {"batch": batch, "acting_user": tc.ngo_investigator},
        "event": "ad-batch-split",
    }


def score_chunk(tc):
    from rihai.screening import actions

    batch = actions.do_split_ad_batch(
        batch=_queued_batch(tc, "score"), acting_user=tc.fia_investigator
    )
    chunk = batch.chunks.get()
    return {
        "allowed": {"chunk": chunk, "acting_user": tc.fia_investigator},
        "other_agency": {"chunk": chunk, "acting_user": tc.ngo_investigator},
        "event": "ad-batch-chunk-scored",
    }


def cancel_batch(tc):
    batch = _queued_batch(tc, "cancel")
    return {
        "allowed": {"batch": batch, "acting_user": tc.fia_investigator},
        "other_agency": {"batch": batch, "acting_user": tc.ngo_investigator},
        "event": "ad-batch-cancelled",
    }


def decide_ad(tc):
    tc.upload()
    return {
        "allowed": {"ad": tc.ad("a1"), "decision": "watch", "acting_user": tc.fia_investigator},
        "other_agency": None,
        "why_no_agency": "an ad is a public post reviewed nationally (ad view/change at ALL)",
        "event": "ad-decided",
    }


def decide_lead(tc):
    from rihai.screening import actions

    tc.upload()
    actions.do_decide_ad(
        ad=tc.ad("a1"),
        decision="lead",
        note="recruiter asks for fees",
        target_agency=tc.beoe,
        acting_user=tc.fia_investigator,
    )
    lead = Lead.objects.get()
    return {
        "allowed": {"lead": lead, "approve": True, "acting_user": tc.fia_supervisor},
        "other_agency": {"lead": lead, "approve": True, "acting_user": tc.ngo_supervisor},
        "event": "lead-decided",
    }


def update_networks(tc):
    tc.upload()
    return {
        "allowed": {"acting_user": tc.fia_investigator},
        "other_agency": None,
        "why_no_agency": "networks span every agency's ads; the action needs ad change at ALL",
        "event": "ad-networks-updated",
    }


def reflag_ads(tc):
    from rihai.screening import actions

    applied = actions.do_apply_registry_import(
        registry_import=_preview(tc), acting_user=tc.beoe_supervisor
    )
    return {
        "allowed": {"acting_user": tc.beoe_supervisor, "registry_import": applied},
        "other_agency": {"acting_user": tc.beoe2_supervisor, "registry_import": applied},
        "event": "ads-reflagged",
    }


def reflag_expired_licences(tc):
    tc.apply_registry()
    tc.upload()
    return {
        "allowed": {"acting_user": None},
        "other_agency": None,
        "why_no_agency": "the system's daily job over the national registry; a person is refused",
        "event": "ads-reflagged-licence-expiry",
    }


def train_model(tc):
    from tests.screening.test_scoring_models import ScoringModelTest

    ScoringModelTest.setUp(tc)
    return {
        "allowed": {"acting_user": tc.fia_supervisor, "synthetic": 100},
        "other_agency": None,
        "why_no_agency": "a model scores every agency's ads; the action needs ad approve at ALL",
        "event": "scoring-model-trained",
    }


def switch_model(tc):
    return {
        "allowed": {"acting_user": tc.fia_supervisor, "scoring_model": None},
        "other_agency": None,
        "why_no_agency": "one model for the whole country; the action needs ad approve at ALL",
        "event": "scoring-model-switched",
    }


SPECS = {
    "rihai.screening.actions.do_preview_registry_import": preview_registry,
    "rihai.screening.actions.do_apply_registry_import": apply_registry,
    "rihai.screening.actions_batches.do_upload_ad_batch": upload_batch,
    "rihai.screening.actions_batches.do_split_ad_batch": split_batch,
    "rihai.screening.actions_batches.do_score_ad_chunk": score_chunk,
    "rihai.screening.actions_batches.do_cancel_ad_batch": cancel_batch,
    "rihai.screening.actions.do_update_networks": update_networks,
    "rihai.screening.actions.do_decide_ad": decide_ad,
    "rihai.screening.actions.do_decide_lead": decide_lead,
    "rihai.screening.actions_reflag.do_reflag_ads": reflag_ads,
    "rihai.screening.actions_reflag.do_reflag_expired_licences": reflag_expired_licences,
    "rihai.screening.actions_models.do_train_model": train_model,
    "rihai.screening.actions_models.do_switch_model": switch_model,
}
