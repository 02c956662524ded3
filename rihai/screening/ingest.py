"""Turning uploaded ad files into scored ``Ad`` rows through adscreen (no access checks here:
the actions that call these functions do them).

Identity: an ad is the same ad when its normalised text is the same (content hash) or when
it comes from the same source and URL. Both keys are HMACs under the blind-index keys, so
the stored hashes say nothing about texts an attacker cannot already guess.
"""

import dataclasses
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from adscreen.io import InputUnreadable, Record, Reject, read_records
from adscreen.normalize import normalize
from adscreen.pipeline import screen_chunk
from rihai.core.encryption import blind_index, blind_index_candidates

from .bulk import stored_keys
from .models import Ad
from .models.registry import PromoterStatus
from .networks import signatures_of
from .reasons import reason_of_reject

CHUNK_SIZE = 500
MAX_FILE_BYTES = 50 * 1024 * 1024


class AdFileError(ValueError):
    """The file as a whole is not an ad file this app reads: nothing is queued."""


def detect_format(content: bytes) -> str:
    """ "jsonl" or "csv" from the content (never the name alone); AdFileError otherwise."""
    if not content.strip():
        raise AdFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise AdFileError(_("The file is larger than 50 MB; split it into several batches."))
    if b"\x00" in content[:65536]:
        raise AdFileError(_("The file is neither JSONL nor CSV (it looks like a binary file)."))
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    try:
        first = next(read_records(io.BytesIO(content), fmt="csv"), None)
    except InputUnreadable:
        raise AdFileError(
            _(
                "The file is neither JSONL (one JSON object per line) nor CSV with a header "
                "naming the columns id and text (or title/description)."
            )
        ) from None
    del first
    return "csv"


def count_lines(content: bytes) -> int:
    return content.count(b"\n") + (0 if content.endswith(b"\n") else 1)


@dataclass
class Chunk:
    records: list[Record]
    rejects: list[dict]
    end_line: int


def chunks_from(content: bytes, fmt: str, *, after_line: int = 0, size: int = CHUNK_SIZE):
    """The file's records in chunks, each with the rejects of its lines, from ``after_line``
    on (a resumed batch skips what it already stored). The last chunk ends at the last line."""
    pending: list[Reject] = []
    records = read_records(io.BytesIO(content), fmt=fmt, on_reject=pending.append)
    chunk: list[Record] = []

    def take_rejects(upto: int) -> list[dict]:
        taken = [r for r in pending if after_line < r.line <= upto]
        pending[:] = [r for r in pending if r.line > upto]
        return [{"line": r.line, "reason": reason_of_reject(r.reason)} for r in taken]

    for record in records:
        if record.line <= after_line:
            continue
        chunk.append(record)
        if len(chunk) == size:
            yield Chunk(chunk, take_rejects(record.line), record.line)
            chunk = []
    yield Chunk(chunk, take_rejects(count_lines(content)), count_lines(content))


def records_to_text(records: list[Record]) -> str:
    """A chunk's records as JSON, to store (encrypted) until its task scores them."""
    return json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False)


def records_from_text(text: str) -> list[Record]:
    return [Record(**fields) for fields in json.loads(text or "[]")]


def _content_key(normalized: str) -> str:
    return " ".join(normalized.lower().split())


def _url_key_source(record: Record) -> str:
    return f"{(record.source or '').strip().lower()}|{record.url.strip()}" if record.url else ""


def _captured(value: str | None):
    if not value:
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def registry_flags(licences: list[str], phones: list[str], promoters: dict, today) -> list[str]:
    """App-side flags from the OEP registry: a licence that is unknown, expired, cancelled or
    suspended, or a valid licence next to a phone number the Bureau has not registered."""
    flags: list[str] = []
    for licence in licences:
        promoter = promoters.get(licence)
        if promoter is None:
            flags.append("licence-unknown")
            continue
        status = promoter.status_on(today)
        if status != PromoterStatus.VALID:
            flags.append(f"licence-{status}")
        elif phones and promoter.phones and any(p not in promoter.phones for p in phones):
            flags.append("phone-not-on-record")
        elif phones and not promoter.phones:
            flags.append("phone-not-on-record")
    return list(dict.fromkeys(flags))


def score_records(records: list[Record], model_path: str | None = None) -> list[dict]:
    """The CPU part of ingestion, with no database: adscreen's scores, flags and entities,
    the MinHash signature, and the keyed hashes that identify the ad and its contacts.

    A top-level function of picklable arguments: the batch task runs it in worker processes
    (``adscreen.pipeline.map_ordered``) while the task's own process stores earlier chunks.
    """
    if not records:
        return []
    normalized = [normalize(r.text) for r in records]
    rows = screen_chunk(records, model_path=model_path)
    signatures = signatures_of(normalized)
    scored = []
    for record, norm, row, signature in zip(records, normalized, rows, signatures, strict=True):
        key = _content_key(norm)
        url_source = _url_key_source(record)
        scored.append(
            {
                "record": record,
                "normalized": norm,
                "row": row,
                "signature": signature,
                "content_hash": blind_index(key),
                "content_candidates": blind_index_candidates(key),
                "url_key": blind_index(url_source) if url_source else "",
                "url_candidates": blind_index_candidates(url_source) if url_source else [],
                # Keyed hashes: clustering needs equality only, never the numbers themselves.
                "contact_keys": [blind_index(c) for c in row["contacts"]],
            }
        )
    return scored


def score_chunk(chunk: Chunk, model_path: str | None = None) -> list[dict]:
    return score_records(chunk.records, model_path)


def phones_of(entities: dict) -> list[str]:
    return list(
        dict.fromkeys(
            entities.get("phones", [])
            + [w[3:] for w in entities.get("whatsapp", []) if w.startswith("wa:")]
        )
    )


FLAG_KEYS = ("rule_id", "category", "weight", "span", "explanation_en", "explanation_ur")


def screen_into_ads(
    records: list[Record], *, batch, promoters_of, scored: list[dict] | None = None
) -> Iterator[Ad]:
    """Unsaved ``Ad`` objects for ``records`` (scored here unless ``scored`` is given), without
    the ones already stored or repeated in this chunk. Two queries find the stored ones."""
    if not records:
        return
    if scored is None:
        from .retrain import active_model_path

        scored = score_records(records, active_model_path())
    candidates = [c for s in scored for c in s["content_candidates"]]
    url_candidates = [c for s in scored for c in s["url_candidates"]]
    stored = stored_keys("content_hash", candidates)
    stored_urls = stored_keys("url_key", url_candidates) if url_candidates else set()
    licences = {lic for s in scored for lic in s["row"]["entities"]["licences"]}
    promoters = promoters_of(licences)
    today = timezone.localdate()
    seen: set[str] = set()
    for item in scored:
        record, row = item["record"], item["row"]
        content_hash, url_key = item["content_hash"], item["url_key"]
        if content_hash in seen or (url_key and url_key in seen):
            continue
        if stored.intersection(item["content_candidates"]):
            continue
        if url_key and stored_urls.intersection(item["url_candidates"]):
            continue
        seen.update(k for k in (content_hash, url_key) if k)
        entities = row["entities"]
        flags = [{k: f[k] for k in FLAG_KEYS} for f in row["flags"]]
        yield Ad(
            content_hash=content_hash,
            url_key=url_key,
            external_id=record.id[:200],
            text=record.text,
            normalized_text=item["normalized"],
            url=(record.url or "")[:2000],
            source=(record.source or "")[:60].strip().lower(),
            captured_on=_captured(record.posted_at),
            language=row["language"],
            score=row["score"],
            band=row["band"],
            flags=flags,
            flag_codes=Ad.codes(list(dict.fromkeys(f["rule_id"] for f in flags)))[:1000],
            app_flags=Ad.codes(
                registry_flags(entities["licences"], phones_of(entities), promoters, today)
            ),
            destinations=Ad.codes(entities["destinations"])[:300],
            licences=Ad.codes(entities["licences"])[:300],
            entities=json.dumps(entities, ensure_ascii=False),
            model_version=row["model_version"][:40],
            rules_version=row["rules_version"],
            signature=item["signature"],
            contact_keys=item["contact_keys"],
            batch=batch,
        )
