"""The screening app's retention rules (declared in ``plugin.py``, run by ``manage.py purge``).

Ads are public posts, but they carry the phone numbers, names and links of people who may
never be charged with anything; uploaded files carry the same. Three kinds of ad, kept for
three periods:

- ``screening.ad-dismissed``: a reviewer dismissed it and no lead was ever raised on it; the
  shortest period, counted from the last decision.
- ``screening.ad``: never reviewed, or watched, and never on a lead; counted from the last
  decision, or from the day Rihai stored it when nobody decided anything.
- ``screening.ad-lead``: a lead was raised on it (evidence for an investigation); the longest,
  counted from the last decision on its leads, and held while any of its leads is still
  awaiting approval, sent, or attached to an investigation that is not over.

``screening.batch``: an uploaded file is kept only while it may be rescored; afterwards its
payload (every ad in it, as uploaded) is blanked, and so are its chunks' records (the same
ads, parsed for the chunk tasks); the batch row, its counts and its rejects' line numbers stay.

What anonymising an ad keeps: its id, score, band, flags and their codes, language, source,
destinations and OEP licences (a public registry's numbers), dates and review status, so the
screening statistics stay true. Blanked: the text, the normalised text, the URL and its key,
the external id, the extracted entities (phones, e-mails, names), the contact keys and the
near-duplicate signature, and the notes of its decisions and leads. The content hash is
replaced, so the same text captured again is stored again as a new ad. What the network store
derived from them goes too: the ad's LSH band keys, and its use of each hashed contact (a
contact no other ad uses is deleted). The ad keeps its network and group ids (numbers only):
a network is not split because one of its ads was purged.
"""

from django.db.models import Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from rihai.accounts.access import RecordNotFound, scoped
from rihai.justice.retention import open_investigations

from .models import Ad, AdBand, AdBatch, AdBatchChunk, AdDecision, ContactKey, Lead
from .models.ads import ReviewStatus
from .queries import visible_ads
from .resources import Resource


def _last_decision():
    latest = (
        AdDecision.objects.filter(ad=OuterRef("pk"))
        .values("ad")
        .annotate(last=Max("decided_on"))
        .values("last")
    )
    return Subquery(latest)


def _on_lead():
    return Exists(Lead.objects.filter(ad=OuterRef("pk")))


def _clock(cutoff):
    """Ads whose last decision (or, undecided, their storing) is before ``cutoff``."""
    return Ad.objects.annotate(retention_clock=Coalesce(_last_decision(), "created_on")).filter(
        retention_clock__lt=cutoff
    )


def expired_dismissed_ads(cutoff):
    return _clock(cutoff).filter(review_status=ReviewStatus.DISMISSED).filter(~_on_lead())


def expired_ads(cutoff):
    return _clock(cutoff).exclude(review_status=ReviewStatus.DISMISSED).filter(~_on_lead())


def expired_lead_ads(cutoff):
    return _clock(cutoff).filter(_on_lead())


LIVE_LEAD = Q(status__in=(Lead.Status.PROPOSED, Lead.Status.SENT))


def held_ads(ad_ids) -> set:
    """Ads with a lead awaiting approval or sent, or attached to an investigation not over."""
    ids = [int(i) for i in ad_ids]
    live = Lead.objects.filter(ad_id__in=ids).filter(
        LIVE_LEAD | Q(investigation__in=open_investigations())
    )
    return set(live.values_list("ad_id", flat=True))


def _anonymise(pk, candidates) -> bool:
    ad = Ad.objects.select_for_update().filter(pk=pk).first()
    if ad is None or not candidates.filter(pk=pk).exists():
        return False
    keys = sorted(set(ad.contact_keys or []))
    AdBand.objects.filter(ad_id=pk).delete()
    if keys:
        ContactKey.objects.filter(key__in=keys).update(uses=F("uses") - 1)
        ContactKey.objects.filter(key__in=keys, uses__lte=0).delete()
    Ad.objects.filter(pk=pk).update(
        text="",
        normalized_text="",
        url="",
        url_key="",
        external_id="",
        entities="{}",
        contact_keys=[],
        signature=None,
        content_hash=f"purged-{pk}",
    )
    AdDecision.objects.filter(ad_id=pk).update(note="")
    Lead.objects.filter(ad_id=pk).update(note="")
    return True


def anonymise_dismissed_ad(pk, cutoff) -> bool:
    return _anonymise(pk, expired_dismissed_ads(cutoff))


def anonymise_ad(pk, cutoff) -> bool:
    return _anonymise(pk, expired_ads(cutoff))


def anonymise_lead_ad(pk, cutoff) -> bool:
    # Re-checked under the ad's lock: a lead sent or attached since the plan keeps it.
    if held_ads([pk]):
        return False
    return _anonymise(pk, expired_lead_ads(cutoff))


FINISHED = (AdBatch.Status.DONE, AdBatch.Status.CANCELLED)


def expired_batches(cutoff):
    """Batches finished (scored or cancelled) before ``cutoff``: nothing will rescore them."""
    return AdBatch.objects.filter(status__in=FINISHED, finished_on__lt=cutoff)


def blank_batch(pk, cutoff) -> bool:
    batch = AdBatch.objects.select_for_update().filter(pk=pk).first()
    if batch is None or not expired_batches(cutoff).filter(pk=pk).exists():
        return False
    AdBatch.objects.filter(pk=pk).update(payload="", file_name="")
    AdBatchChunk.objects.filter(batch_id=pk).update(records="")
    return True


def lock_ad(user, pk, action: str) -> Ad:
    """The ad's row locked, if ``user`` may do ``action`` to it (holds: "approve")."""
    try:
        ad = visible_ads(user, action).select_for_update(of=("self",)).filter(pk=pk).first()
    except (ValueError, TypeError):
        ad = None
    if ad is None:
        raise RecordNotFound
    return ad


def lock_batch(user, pk, action: str) -> AdBatch:
    try:
        qs = scoped(AdBatch.objects.all(), user, Resource.AD, action)
        batch = qs.select_for_update(of=("self",)).filter(pk=pk).first()
    except (ValueError, TypeError):
        batch = None
    if batch is None:
        raise RecordNotFound
    return batch
