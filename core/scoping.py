"""Row-level scoping, written once.

Every view, API endpoint, export, search and report reads through
``Model.objects.for_user(user, action)``. A row outside the result answers 404
(its existence does not leak); a read-only user who can see a row but tries to
change it gets 403 (see ``core.views``).
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the path from its rows to their province.

    Subclasses set ``province_field`` (``"province"``, ``"district__province"``, or
    ``"pk"`` for Province itself) and may override ``for_evaluator`` to open the
    rows an evaluator is assigned to.
    """

    province_field: str = "province"

    def for_user(self, user, action: Action | str = Action.VIEW):
        action = Action(action)
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        if action is Action.CHANGE and not user.can_enter_data:
            return self.none()
        if user.is_evaluator:
            return self.for_evaluator(user) if action is Action.VIEW else self.none()
        if user.province_id is None:
            # A national executive reads every province.
            return self if user.is_executive else self.none()
        return self.in_province(user.province_id)

    def in_province(self, province_code: str):
        return self.filter(**{self.province_field: province_code})

    def for_evaluator(self, user):
        """Rows an evaluator may read; nothing unless a model opens its assignments."""
        return self.none()


class SharedOrProvinceQuerySet(ScopedQuerySet):
    """Rows that are either shared by every province (``province`` empty) or a province's own.

    Everyone signed in reads the shared rows; only administrators change them. A
    province's own rows follow the usual rule.
    """

    def for_user(self, user, action: Action | str = Action.VIEW):
        own = super().for_user(user, action)
        if user is None or not user.is_authenticated or not user.is_active:
            return own
        if user.is_administrator or Action(action) is Action.CHANGE:
            return own
        shared = self.filter(**{f"{self.province_field}__isnull": True})
        return own | shared


def can_change(user, obj) -> bool:
    """Whether ``user`` may change ``obj``, a row they can already see."""
    return type(obj).objects.for_user(user, Action.CHANGE).filter(pk=obj.pk).exists()


def scoped_object(rows, user, action: Action | str = Action.VIEW, **lookup):
    """The row of ``rows`` (a model or a queryset of it) matching ``lookup``, as ``user``
    may act on it: 404 when they cannot see it, so its existence does not leak; 403 when
    they can see it but ``action`` is a change they may not make."""
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    obj = get_object_or_404(queryset.for_user(user, Action.VIEW), **lookup)
    if Action(action) is Action.CHANGE and not can_change(user, obj):
        raise PermissionDenied
    return obj
