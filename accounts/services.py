"""Writes that concern users."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
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
