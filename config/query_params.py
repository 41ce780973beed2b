"""Ids read from a query string (``?objective=12``) to preselect a choice on a form.

A hand-edited or junk value ("abc", "²", twenty digits) is no id: it preselects
nothing, where passing it to the ORM raised ValueError or an out-of-range error.
"""

MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def id_from_query(query_dict, name: str) -> int | None:
    value = query_dict.get(name) or ""
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
