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
