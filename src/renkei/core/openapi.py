"""The refusals every operation can give, written into the OpenAPI document from what the
operation is (its authentication, parameters, body and method), all in the one error shape.

ninja documents only the answers a view returns on success; the refusals come from the shared
layers (input guard, authentication, rate limits, validation, services), so they are documented
here, once, by the rules those layers follow.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable, for programs."},
                "message": {"type": "string", "description": "In the reader's language."},
                "details": {"type": "object"},
            },
        }
    },
}

# status: (when, the codes it carries)
REFUSALS: dict[int, tuple[str, str]] = {
    400: (
        "Refused input",
        "`control_characters` (a control character in any string of the request),"
        " `malformed_json`, or the code of the rule the request breaks (see the description)",
    ),
    401: ("No valid token", "`unauthorized`"),
    403: ("Your side or role may not do this", "`forbidden` and the rule's own code"),
    404: (
        "Not there, or not yours to see (the two look the same)",
        "`not_found`",
    ),
    409: (
        "The record's state, read under its lock, does not allow this now (e.g. a race lost)",
        "`invalid_transition` and the rule's own code",
    ),
    413: ("The body or a file is over its limit", "`request_too_large`, `file_too_large`"),
    422: ("The request does not match this schema", "`invalid`, with `details.errors`"),
    429: (
        "Too many calls with this token; retry after the `Retry-After` header's seconds",
        "`rate_limited`",
    ),
}

_WRITES = {"post", "put", "patch", "delete"}


def refusals_for(method: str, operation: dict[str, Any]) -> list[int]:
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    authenticated = bool(operation.get("security"))
    statuses = [400]  # the input guard reads every request
    if authenticated:
        statuses += [401, 403, 429]
    if any(p.get("in") == "path" for p in parameters) or authenticated:
        statuses.append(404)
    if method in _WRITES and authenticated:
        statuses.append(409)
    if has_body:
        statuses.append(413)
    if parameters or has_body:
        statuses.append(422)
    return sorted(statuses)


def openapi_refusals_document(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status in refusals_for(method, operation):
                when, codes = REFUSALS[status]
                responses.setdefault(
                    str(status),
                    {
                        "description": f"{when}. Codes: {codes}.",
                        "content": {"application/json": {"schema": reference}},
                        **(
                            {"headers": {"Retry-After": {"schema": {"type": "integer"}}}}
                            if status == 429
                            else {}
                        ),
                    },
                )
    return schema
