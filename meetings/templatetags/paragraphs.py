"""Text typed with one paragraph a line, as paragraphs for official documents.

``{% for paragraph in text|paragraphs %}`` gives each non-empty line as
``{"text": ..., "numbered": ...}``; a numbered (or dashed) item — "๑.", "1)", "(2)",
"1.1", "–" — is set with a hanging indent by the report CSS. Used by the minutes (the
print page and its PDF) and the evaluation feedback letters.
"""

import re

from django import template

register = template.Library()

NUMBERED = re.compile(r"^(?:\(?[0-9๐-๙]{1,3}(?:[.)][0-9๐-๙]{0,3})+|[-–•])\s*\S")


@register.filter
def paragraphs(text) -> list[dict]:
    return [
        {"text": line.strip(), "numbered": bool(NUMBERED.match(line.strip()))}
        for line in str(text or "").splitlines()
        if line.strip()
    ]
