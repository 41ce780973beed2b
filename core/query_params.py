"""Numbers read from a query string: ids that preselect a choice on a form
(``?objective=12``), and the API's integer filters and page number.

A hand-edited or junk value ("abc", "²", twenty digits) is no id: it preselects
nothing, where passing it to the ORM raised ValueError or an out-of-range error.
"""

import re

MAX_ID = 2**63 - 1  # PostgreSQL's bigint

# What the OpenAPI schema calls an integer: ASCII digits, an optional minus. Python's
# int() also reads " 7", "+7", "1_000" and Thai digits, which no generated client sends.
_INTEGER = re.compile(r"-?[0-9]{1,20}")


def integer_or_none(text: str) -> int | None:
    return int(text) if _INTEGER.fullmatch(text) else None


def id_from_query(query_dict, name: str) -> int | None:
    value = query_dict.get(name) or ""
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
