"""``Authorization: Token …`` with django-rest-knox, recording when a token was last used."""

import binascii
from hmac import compare_digest

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions

from accounts.models import ApiToken


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as error:
            # One answer for made-up, expired, revoked and deactivated: which one it was
            # tells an attacker nothing useful, and the owner's page says the rest.
            raise exceptions.AuthenticationFailed(_("โทเค็นไม่ถูกต้อง หมดอายุ หรือถูกยกเลิกแล้ว")) from error

    def authenticate_credentials(self, token):
        """Knox's check without its housekeeping: knox reads every token of the user on
        each request to delete their expired ones, a query per API call (one in 15 of a
        phone's score sheet). The beat task ``api_tokens_purge_expired_task`` deletes
        them; the token sent is still refused once expired, and then deleted as knox
        does. Token not found, digest compared in constant time, user active: as knox."""
        token = token.decode("utf-8")
        candidates = ApiToken.objects.filter(
            token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        for auth_token in candidates.order_by():  # one row, nearly always: no sort
            if auth_token.is_expired:
                auth_token.delete()
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed() from None
            if compare_digest(digest, auth_token.digest):
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed()

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        interval = settings.API_TOKEN_LAST_USED_INTERVAL
        if token.last_used is None or now - token.last_used >= interval:
            # At most once a minute per token: a script's burst is one write, not hundreds.
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return user, token


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("โทเค็นจาก POST /api/v1/auth/token/ ในรูป “Token <โทเค็น>”"),
        }
