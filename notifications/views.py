"""The bell's list, marking read, a user's preferences and LINE link, and LINE's webhook."""

import base64
import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import providers, services
from notifications.models import Channel, Kind, LineLink, LineLinkCode, Mode, Outbox

logger = logging.getLogger(__name__)


@require_GET
@login_required
def notification_list(request):
    rows = Outbox.objects.bell(request.user).select_related("event")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request):
    """Mark one (``id``) or every unread notification of the user read; then go to the
    notification's link when one was opened."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.notifications_mark_read(user=request.user, ids=ids)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


CHANNEL_ORDER = [Channel.PORTAL, Channel.EMAIL, Channel.LINE]


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    user = request.user
    prefs = services.preferences_of([user.pk], Kind.values)
    if request.method == "POST":
        choices = {}
        for kind in Kind.values:
            for channel in CHANNEL_ORDER:
                name = f"{kind}__{channel}"
                mode = request.POST.get(f"{name}__mode", Mode.IMMEDIATE)
                if mode not in Mode.values:
                    messages.error(request, _("วิธีส่งไม่ถูกต้อง ไม่ได้บันทึกการตั้งค่า"))
                    return redirect("notifications:settings")
                choices[(kind, channel)] = (request.POST.get(f"{name}__on") == "1", mode)
        services.preferences_save(user=user, choices=choices)
        messages.success(request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return redirect("notifications:settings")
    rows = [
        {
            "kind": kind,
            "cells": [
                {
                    "name": f"{kind.value}__{channel.value}",
                    "channel": channel,
                    "enabled": prefs.of(user.pk, kind.value, channel.value)[0],
                    "mode": prefs.of(user.pk, kind.value, channel.value)[1],
                }
                for channel in CHANNEL_ORDER
            ],
        }
        for kind in Kind
    ]
    code = (
        LineLinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
    context = {
        "rows": rows,
        "channels": CHANNEL_ORDER,
        "modes": Mode.choices,
        "line_link": LineLink.objects.filter(user=user).first(),
        "line_code": code,
        "line_ready": bool(settings.LINE_CHANNEL_ACCESS_TOKEN),
    }
    return render(request, "notifications/settings.html", context)


@require_POST
@login_required
def line_code_create(request):
    services.line_link_code_create(user=request.user)
    return redirect("notifications:settings")


@require_POST
@login_required
def line_unlink(request):
    services.line_unlink(user=request.user)
    messages.success(request, _("ยกเลิกการเชื่อมต่อ LINE แล้ว"))
    return redirect("notifications:settings")


def signature_valid(body: bytes, signature: str) -> bool:
    secret = settings.LINE_CHANNEL_SECRET
    if not secret or not signature:
        return False
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode("ascii"), signature)


LINKED = gettext_lazy("เชื่อมต่อบัญชี LINE กับพอร์ทัลติดตามโครงการแล้ว (%(user)s)")
NOT_A_CODE = gettext_lazy("รหัสไม่ถูกต้องหรือหมดอายุ กรุณาขอรหัสใหม่ที่หน้า “ตั้งค่าการแจ้งเตือน” ในพอร์ทัล")


@csrf_exempt
@require_POST
def line_webhook(request):
    """LINE's webhook: a signed body (X-Line-Signature, HMAC-SHA256 with the channel
    secret). A text message carrying a user's one-time code links their LINE; an
    unfollow unlinks it."""
    if request.content_type != "application/json":
        return HttpResponseForbidden("invalid signature")  # LINE signs a JSON body only
    body = request.body
    if not signature_valid(body, request.headers.get("X-Line-Signature", "")):
        return HttpResponseForbidden("invalid signature")
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest("invalid JSON")
    for event in payload.get("events", []):
        source = (event.get("source") or {}).get("userId")
        if not source:
            continue
        if event.get("type") == "unfollow":
            services.line_unlink(line_user_id=source)
            continue
        message = event.get("message") or {}
        if event.get("type") != "message" or message.get("type") != "text":
            continue
        user = services.line_link_by_code(code=message.get("text", ""), line_user_id=source)
        text = LINKED % {"user": user.get_full_name() or user.username} if user else NOT_A_CODE
        if event.get("replyToken"):
            try:
                providers.line_reply(reply_token=event["replyToken"], text=text)
            except (providers.Transient, providers.Permanent) as error:
                logger.warning("LINE reply failed: %s", error.answer)
    return HttpResponse("ok")
