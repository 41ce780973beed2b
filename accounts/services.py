"""Writes that concern users."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.settings import knox_settings

from accounts.models import ApiToken, Role, User
from programs.models import Province


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    province_code: str | None = None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    position: str = "",
    email: str = "",
    is_approver: bool = False,
) -> User:
    """Create a user with a role; raises ValidationError (Thai) and creates nothing on bad input."""
    if role not in Role.values:
        raise ValidationError(
            _("ไม่รู้จักบทบาท “%(role)s” (ใช้ได้: %(roles)s)")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    province = None
    if province_code:
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            raise ValidationError(
                _("ไม่พบจังหวัดรหัส “%(code)s” (นำเข้าข้อมูลพื้นที่ก่อนด้วย import_geography)")
                % {"code": province_code}
            )
    user = User(
        username=username,
        role=role,
        province=province,
        first_name=first_name,
        last_name=last_name,
        position=position,
        email=email,
        is_approver=is_approver,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


# --- API tokens -------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token, which is shown only once.

    Only its digest is stored: the token cannot be read back from the database.
    """
    # Expired tokens no longer count; they are deleted here rather than left to the sweep.
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and ApiToken.objects.filter(user=user).count() >= limit:
        raise ValidationError(
            _(
                "มีโทเค็นที่ยังใช้งานได้ครบ %(limit)d รายการแล้ว "
                "กรุณายกเลิกโทเค็นที่ไม่ใช้ในหน้า “โทเค็น API” ก่อนขอใหม่"
            )
            % {"limit": limit}
        )
    token = ApiToken(user=user, name=name.strip())
    token.full_clean(exclude=["digest", "token_key"])
    instance, secret = ApiToken.objects.create(
        user=user, name=token.name, expiry=knox_settings.TOKEN_TTL
    )
    return instance, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


@transaction.atomic
def api_tokens_revoke_all(*, user: User) -> int:
    """End every token of ``user``: after a password change, a deactivation, or on request."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted


@transaction.atomic
def api_tokens_purge_expired() -> int:
    """Delete expired tokens of users who never came back (knox deletes the others on use)."""
    deleted, _by_model = ApiToken.objects.filter(expiry__lte=timezone.now()).delete()
    return deleted


def user_language_set(*, user, language: str) -> None:
    """Remember the portal's language for ``user`` ("th" or "en")."""
    if user.language != language:
        user.language = language
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["language"])
