"""The API schema says which errors every operation can answer, not only its success.

drf-spectacular documents the success response of each operation; DRF also answers
400 (invalid body or filter), 401 (no or wrong token), 403 (a read-only role writing),
404 (outside the user's scope, or a page number past the end) and 429 (throttled).
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
            }
            if operation.get("security") != [{}] and path != "/api/v1/auth/token/":
                errors["401"] = _json("ต้องเข้าสู่ระบบ (Token)", DETAIL)
                errors["403"] = _json("ไม่มีสิทธิ์", DETAIL)
            if method in ("post", "put", "patch", "delete"):
                errors["403"] = _json("ไม่มีสิทธิ์", DETAIL)
            for status, response in errors.items():
                responses.setdefault(status, response)
    return result
