"""What the meetings pages share: the scope check and the POST-only action view."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from core.scoping import Action, scoped_object
from meetings.models import (
    Meeting,
)


def refuse_read_only(user) -> None:
    if not user.can_enter_data:
        raise PermissionDenied


def scoped(model, user, pk, action=Action.VIEW):
    """The row in the user's scope: 404 if they cannot see it, 403 if they cannot change it."""
    return scoped_object(model, user, action, pk=pk)


class ObjectActionView(LoginRequiredMixin, View):
    """POST-only action on one row: scope first (404 / 403), then the method (405)."""

    model = None
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = scoped(self.model, request.user, kwargs["pk"], Action.CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def meeting(self) -> Meeting:
        raise NotImplementedError

    def back(self, anchor: str = "") -> HttpResponseRedirect:
        url = reverse("meetings:meeting_detail", args=[self.meeting().pk])
        return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))


def partial_or_back(view, request, template: str, context: dict, anchor: str = ""):
    if request.htmx:
        return render(request, template, context)
    return view.back(anchor)
