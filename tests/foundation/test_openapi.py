from io import StringIO

from django.core.management import call_command


def test_openapi_schema_validates_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = out.getvalue()
    for path in (
        "/api/cases/",
        "/api/cases/{case_id}/screenings/",
        "/api/persons/duplicates/",
        "/api/me/",
    ):
        assert path in schema


def test_every_create_operation_takes_an_idempotency_key_and_documents_its_conflict():
    """Read from the schema, so a create endpoint added tomorrow is checked the day it exists:
    every POST that answers 201 is safe to retry (rihai.core.idempotency)."""
    import yaml

    out = StringIO()
    call_command("spectacular", stdout=out)
    creates = {
        path: operations["post"]
        for path, operations in yaml.safe_load(out.getvalue())["paths"].items()
        if "201" in operations.get("post", {}).get("responses", {})
    }
    assert "/api/investigations/" in creates and "/api/referrals/" in creates
    missing = [
        path
        for path, operation in creates.items()
        if not any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    assert missing == []
    for path, operation in creates.items():
        assert "409" in operation["responses"], path
        assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"], path
