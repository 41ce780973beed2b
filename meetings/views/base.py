"""What the meetings pages share: the scope check and the POST-only action view."""

from collections.abc import Callable, Iterable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.scoping import Action, scoped_object
from meetings.models import (
    ActionItem,
    AgendaItem,
    Meeting,
)

_MARK = "2147483647"  # a pk no row has, to be replaced by each row's own


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


def url_of_each(name: str, *args) -> Callable[[int], str]:
    """The URL of ``name`` for any pk, reversed once: a meeting page of 25 agenda items
    reversed about 250 URLs, a fifth of its time."""
    head, tail = reverse(name, args=[_MARK, *args]).split(_MARK)
    return lambda pk: f"{head}{pk}{tail}"


def with_editor_links(items: Iterable[AgendaItem]) -> None:
    """Give each agenda item and its action items the URLs and element ids the editor's
    templates need, as strings: ``{% url %}`` and the localisation of each integer in a
    template are what the meeting page spent its time on."""
    item_url = {
        name: url_of_each(f"meetings:{name}")
        for name in ("agenda_save", "agenda_delete", "agenda_amend", "action_add", "action_form")
    }
    item_move = {way: url_of_each("meetings:agenda_move", way) for way in ("up", "down")}
    action_move = {way: url_of_each("meetings:action_move", way) for way in ("up", "down")}
    action_url = {
        name: url_of_each(f"meetings:action_{name}")
        for name in ("delete", "reassign", "reassign_form")
    }
    for item in items:
        item.key = str(item.pk)
        item.version_text = str(item.version)
        item.urls = {name: url(item.pk) for name, url in item_url.items()}
        item.urls.update({f"move_{way}": url(item.pk) for way, url in item_move.items()})
        # The move buttons' names, made here: a {% blocktranslate %} each, twice per item.
        item.move_labels = {
            "up": _("เลื่อนเรื่อง %(n)s ขึ้น") % {"n": item.number},
            "down": _("เลื่อนเรื่อง %(n)s ลง") % {"n": item.number},
        }
        for action in _action_items_of(item):
            action.key = str(action.pk)
            action.overdue = action.is_overdue  # asked up to three times per item, a date each
            action.urls = {f"move_{way}": url(action.pk) for way, url in action_move.items()}
            action.urls.update({name: url(action.pk) for name, url in action_url.items()})


def _action_items_of(item: AgendaItem) -> list[ActionItem]:
    # The prefetched list of the meeting page, or the list the action-items partial sets.
    actions = getattr(item, "editor_actions", None)
    if actions is None:
        actions = item.editor_actions = list(item.action_items.all())
    return actions
