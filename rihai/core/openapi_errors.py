"""Every API operation documents the errors every operation can answer.

The views declare what succeeds (200/201) and their own conflicts (409/412); an operation that
takes an ``Idempotency-Key`` also answers 409 (key reused) and says when a 2xx is a replay. The
answers every endpoint shares come from the framework: 400 (invalid input or query), 401 (not
signed in), 403 (the role may not), 404 (missing or not yours: the same answer), 413 (body too
large), 429 (throttled), and on operations that take a body 415 (a content type the endpoint
does not read). A generated client must expect them, and the schemathesis run
(``tests/cases/test_api_fuzz.py``) fails on any answer the schema does not list.
"""

SHARED_ERRORS = {
    "400": "Invalid input: field errors by name, or a detail",
    "401": "Not signed in",
    "403": "Not allowed for this role, or two-factor sign-in missing",
    "404": "Not found, or not yours: the same answer",
    "413": "The request body is too large",
    "429": "Too many requests; try again later",
}
BODY_TYPE_ERROR = "The body's content type is not one this operation reads"
KEY_REUSED = "This Idempotency-Key was already used for another request (body or endpoint)"
REPLAYED = {
    "Idempotent-Replayed": {
        "description": "true when this answers a retry with the same Idempotency-Key: "
        "nothing new was created",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def add_shared_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds SHARED_ERRORS to every operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "Error",
        {
            "type": "object",
            "description": "A detail message, or a list of messages for each field in error.",
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": True,
        },
    )
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in SHARED_ERRORS.items():
                responses.setdefault(code, {"description": description, "content": content})
            if method in {"post", "put", "patch"}:
                responses.setdefault("415", {"description": BODY_TYPE_ERROR, "content": content})
            if _takes_idempotency_key(operation):
                responses.setdefault("409", {"description": KEY_REUSED, "content": content})
                for code, response in responses.items():
                    if str(code).startswith("2"):
                        response.setdefault("headers", {}).update(REPLAYED)
    return result


def _takes_idempotency_key(operation) -> bool:
    """Operations that declare the header (``core.idempotency``) can answer 409 to a reused key."""
    return any(
        p.get("in") == "header" and p.get("name") == "Idempotency-Key"
        for p in operation.get("parameters", [])
    )
