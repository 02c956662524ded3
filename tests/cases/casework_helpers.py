"""Tiny synthetic files for the case work tests (a 1x1 PNG, a one-page PDF)."""

import struct
import zlib


def tiny_png() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x0b\x5d\x4b")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def tiny_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def casework_values(t, case) -> dict:
    """A note, document, task and flag on ``case``: values for the role matrix's URLs."""
    from datetime import timedelta

    from django.utils import timezone

    from rihai.cases import casework_actions as ca

    user = t.fia_case_worker
    ca.do_add_note(case=case, kind="call", text="Demo call", acting_user=user)
    document = ca.do_add_document(case=case, title="Demo", data=tiny_png(), acting_user=user)
    task = ca.do_add_task(
        case=case,
        title="Demo task",
        due_on=timezone.localdate() + timedelta(days=1),
        assigned_to=user,
        acting_user=user,
    )
    flag = ca.do_raise_flag(case=case, kind="security", reason="Demo", acting_user=user)
    return {
        "<str:document_id>": document.public_id,
        "<int:task_id>": task.pk,
        "<int:flag_id>": flag.pk,
    }
