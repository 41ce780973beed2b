from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from knox.settings import knox_settings

from accounts.models import ApiToken
from accounts.selectors import api_token_list
from accounts.services import api_token_revoke, api_tokens_revoke_all
from core.scoping import Action


class LogoutView(auth_views.LogoutView):
    """Log out, and have the browser drop its HTTP cache of this site (back/forward cache
    included), so the next person on a shared phone finds none of the pages just seen.

    Only "cache": "storage" would also wipe an evaluator's scores not sent yet. The
    evaluators' offline storage is separated per user and cleared of other users' data by
    static/src/evaluations/shared_phone.js on the page this redirects to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response


# --- API tokens -------------------------------------------------------------------


@require_GET
@login_required
def token_list(request):
    """The user's own API tokens: when each was made, ends and was last used."""
    tokens = api_token_list(user=request.user)
    return render(
        request,
        "accounts/apitoken_list.html",
        {"tokens": tokens, "ttl_days": knox_settings.TOKEN_TTL.total_seconds() / 86400},
    )


@require_GET
@login_required
def token_admin_list(request):
    """Every user's API tokens, for administrators."""
    if not request.user.is_administrator:
        raise PermissionDenied
    username = request.GET.get("user", "").strip()[:150]
    tokens = api_token_list(user=request.user, everyone=True, username=username)
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    query = urlencode({"user": username}) if username else ""
    return render(
        request,
        "accounts/apitoken_admin_list.html",
        {"page": page, "username": username, "query": query},
    )


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.for_user(request.user, Action.CHANGE), pk=pk)
    api_token_revoke(token=token)
    messages.success(
        request,
        _("ยกเลิกโทเค็น %(key)s… ของ %(user)s แล้ว") % {"key": token.key_prefix, "user": token.user},
    )
    return redirect(_back(request, reverse("accounts:token_list")))


@require_POST
@login_required
def token_revoke_all(request):
    count = api_tokens_revoke_all(user=request.user)
    messages.success(request, _("ยกเลิกโทเค็นของคุณแล้ว %(count)d รายการ") % {"count": count})
    return redirect("accounts:token_list")
