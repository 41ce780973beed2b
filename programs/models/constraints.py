"""Uniqueness in which an empty field counts as a value, on PostgreSQL and SQLite alike.

``UniqueConstraint(nulls_distinct=False)`` says it in one constraint, but only PostgreSQL
15+ creates it: SQLite, the embedded default, leaves it out (Django warns, models.W047),
and duplicates PostgreSQL refuses would be stored. Here it is one partial unique index
per pattern of empty fields, which both create: the fields that are empty in a pattern
are left out of its index, and its condition says which are empty.
"""

from itertools import product

from django.db import models


def unique_with_empty_as_value(
    *, fields: list[str], nullable: list[str], name: str, message
) -> list[models.UniqueConstraint]:
    """Constraints refusing two rows with equal ``fields``, where two empty (NULL) values of
    a field in ``nullable`` are equal. ``message`` is what model validation says."""
    constraints = []
    for empty in product((False, True), repeat=len(nullable)):
        empty_fields = [field for field, is_empty in zip(nullable, empty, strict=True) if is_empty]
        suffix = "".join(f"_no_{field}" for field in empty_fields)
        constraints.append(
            models.UniqueConstraint(
                fields=[field for field in fields if field not in empty_fields],
                condition=models.Q(
                    **{
                        f"{field}__isnull": is_empty
                        for field, is_empty in zip(nullable, empty, strict=True)
                    }
                ),
                name=f"{name}{suffix}",
                violation_error_message=message,
            )
        )
    return constraints
