from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language
from knox.settings import knox_settings

from accounts.middleware import AVAILABLE
from accounts.models import ApiToken
from accounts.selectors import api_token_list
from accounts.services import api_token_revoke, api_tokens_revoke_all, user_language_set
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


# --- The user's own preferences: the portal's language ----------------------------------------


class LanguagePreferenceForm(forms.Form):
    language = forms.ChoiceField(
        label=_lazy("ภาษาของพอร์ทัล"),
        choices=[("th", "ภาษาไทย"), ("en", "English")],
        widget=forms.RadioSelect,
        help_text=_lazy("ใช้กับทุกหน้าเมื่อท่านเข้าสู่ระบบ ไม่ว่าเบราว์เซอร์จะตั้งภาษาใดไว้"),
        error_messages={"required": _lazy("กรุณาเลือก “ภาษาของพอร์ทัล”")},
    )


@login_required
def preferences(request):
    """The user's own page of settings: the language the portal speaks to them."""
    if request.method == "POST":
        form = LanguagePreferenceForm(request.POST)
        if form.is_valid():
            user_language_set(user=request.user, language=form.cleaned_data["language"])
            translation.activate(request.user.language)
            messages.success(request, _("บันทึกภาษาของพอร์ทัลแล้ว"))
            return redirect("accounts:preferences")
    else:
        form = LanguagePreferenceForm(initial={"language": request.user.language or "th"})
    return render(request, "accounts/preferences.html", {"form": form})


def set_language(request):
    """The footer's switcher (Django's set_language), which a signed-in user's account
    remembers: their choice follows them to every browser."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in AVAILABLE:
        user_language_set(user=request.user, language=language)
    return response
