"""The API schema says which errors every operation can answer, not only its success.

drf-spectacular documents the success response of each operation; DRF also answers
400 (invalid body or filter), 401 (no or wrong token), 403 (a read-only role writing),
404 (outside the user's scope, or a page number past the end), 415 (a body in a media type
the operation does not parse), 429 (throttled) and 503 (the database unreachable or, on
the embedded SQLite, still locked: config/errors.py).
A client generated from the schema, and Schemathesis (tests/test_api_schema.py), must
know them: this hook adds them to every operation that can give them.
"""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A field's errors by field name, or {"detail": ...}, or a list of messages.
VALIDATION = {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "string"}}]}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_error_responses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors = {
                "400": _json("ข้อมูลหรือตัวกรองไม่ถูกต้อง", VALIDATION),
                "404": _json("ไม่พบ หรืออยู่นอกขอบเขตสิทธิ์ของผู้ใช้", DETAIL),
                "429": _json("เรียกบ่อยเกินไป", DETAIL),
                "503": _json("ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ลองใหม่หลังเวลาที่ Retry-After บอก", DETAIL),
            }
            if operation.get("security") != [{}] and path != "/api/v1/auth/token/":
                errors["401"] = _json("ต้องเข้าสู่ระบบ (Token)", DETAIL)
                errors["403"] = _json("ไม่มีสิทธิ์", DETAIL)
            if method in ("post", "put", "patch", "delete"):
                errors["403"] = _json("ไม่มีสิทธิ์", DETAIL)
            if "requestBody" in operation:
                errors["415"] = _json("ส่งข้อมูลในรูปแบบ (Content-Type) ที่ไม่รองรับ", DETAIL)
            for status, response in errors.items():
                responses.setdefault(status, response)
    return result


def allow_empty_query_values(result, generator, request, public):
    """Every query parameter of this API reads an empty value (``?status=``) as not given:
    django-filter's filters, ``page`` (the first), ``q`` (no search) and ``format``. The
    browsable API's filter form sends its unchosen fields so. Saying it lets a client
    (and Schemathesis) know that ``?status=`` is not an unknown status."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


# DRF's and Django's text fields refuse U+0000 ("Null characters are not allowed", 400):
# PostgreSQL cannot store it.
NO_NULL_CHARACTER = "^[^\\u0000]*$"


def _forbid_null_character(schema) -> None:
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not ({"format", "enum", "pattern"} & set(schema)):
        schema["pattern"] = NO_NULL_CHARACTER
    for key in ("properties", "patternProperties"):
        for child in schema.get(key, {}).values():
            _forbid_null_character(child)
    for key in ("items", "additionalProperties"):
        _forbid_null_character(schema.get(key))
    for key in ("allOf", "anyOf", "oneOf"):
        for child in schema.get(key, []):
            _forbid_null_character(child)


FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def forbid_null_characters_in_text(result, generator, request, public):
    """Say so of every text a request sends: the bodies' components and the query's text
    parameters (the answers' text is what was stored, so never has one either).

    A form is read whole before any view (config/null_characters.py), so a NUL in a field
    it does not name, or in a field's name, is refused as well: a form names its fields."""
    components = result.get("components", {}).get("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):
            _forbid_null_character(component)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media_type in FORM_MEDIA_TYPES:
                reference = content.get(media_type, {}).get("schema", {}).get("$ref", "")
                form = components.get(reference.rpartition("/")[2])
                if form is not None:
                    # The form takes its fields only; an unnamed one is never read.
                    form["additionalProperties"] = False
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _forbid_null_character(parameter.get("schema"))
    return result
