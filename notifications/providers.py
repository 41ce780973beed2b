"""The two outside channels: e-mail through Django's mail (SMTP from the environment) and
LINE's Messaging API. Both answer with ``Delivered`` or raise ``Transient`` (try again
later: the provider is down or asks us to slow down) or ``Permanent`` (it will never
accept this message: a bad request, a wrong token, a user who blocked the account)."""

import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


@dataclass
class Delivered:
    answer: str = ""


class Transient(Exception):
    def __init__(self, answer: str, retry_after: int | None = None):
        super().__init__(answer)
        self.answer = answer
        self.retry_after = retry_after


class Permanent(Exception):
    def __init__(self, answer: str):
        super().__init__(answer)
        self.answer = answer


# --- E-mail ------------------------------------------------------------------------------


def send_email(*, to: str, subject: str, body: str) -> Delivered:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=get_connection(timeout=settings.NOTIFY_PROVIDER_TIMEOUT),
    )
    message.encoding = "utf-8"
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise Permanent(f"SMTP refused the recipient: {error.recipients}") from error
    except smtplib.SMTPResponseException as error:
        answer = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
        if 500 <= error.smtp_code < 600:
            raise Permanent(answer) from error
        raise Transient(answer) from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise Transient(f"SMTP unavailable: {error}") from error
    return Delivered("SMTP 250")


# --- LINE Messaging API -------------------------------------------------------------------

# LINE's answers (developers.line.biz, Messaging API reference, "Status codes"): 400 bad
# request, 401 invalid channel access token, 403 not authorised for this API, 409 a
# request with this X-Line-Retry-Key was already accepted, 429 too many requests or the
# monthly message limit, 500 internal server error.
PERMANENT_STATUSES = {400, 401, 403, 404, 413, 415}


def _line_post(path: str, payload: dict, *, retry_key: str | None = None) -> Delivered:
    token = settings.LINE_CHANNEL_ACCESS_TOKEN
    if not token:
        raise Permanent("LINE_CHANNEL_ACCESS_TOKEN is not set")
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if retry_key:
        headers["X-Line-Retry-Key"] = retry_key
    request = urllib.request.Request(
        settings.LINE_API_BASE_URL.rstrip("/") + path,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_PROVIDER_TIMEOUT) as answer:
            return Delivered(f"LINE {answer.status} {answer.headers.get('x-line-request-id', '')}")
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")[:1000]
        answer = f"LINE {error.code}: {text}"
        if error.code == 409 and retry_key:
            return Delivered(answer)  # accepted before, under the same retry key
        if error.code in PERMANENT_STATUSES:
            raise Permanent(answer) from error
        retry_after = error.headers.get("Retry-After")
        raise Transient(
            answer, retry_after=int(retry_after) if (retry_after or "").isdigit() else None
        ) from error
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        raise Transient(f"LINE unreachable: {error}") from error


def line_push(*, to: str, text: str, retry_key: str) -> Delivered:
    payload = {"to": to, "messages": [{"type": "text", "text": text[:5000]}]}
    return _line_post("/v2/bot/message/push", payload, retry_key=retry_key)


def line_reply(*, reply_token: str, text: str) -> Delivered:
    payload = {"replyToken": reply_token, "messages": [{"type": "text", "text": text[:5000]}]}
    return _line_post("/v2/bot/message/reply", payload)
