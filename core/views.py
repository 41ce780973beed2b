"""Scoping for class-based views: outside the user's scope → 404, read-only → 403."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from core.scoping import Action, can_change


class ScopedViewMixin(LoginRequiredMixin):
    """Reads through ``model.objects.for_user``; changing views also need the change scope."""

    action = Action.VIEW

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, Action.VIEW)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)  # 404 when outside the view scope
        if self.action is Action.CHANGE and not can_change(self.request.user, obj):
            raise PermissionDenied
        return obj
