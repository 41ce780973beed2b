from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken, AuthTokenManager

from core.scoping import Action


class Role(models.TextChoices):
    ADMINISTRATOR = "admin", _("ผู้ดูแลระบบ")
    OFFICER = "officer", _("เจ้าหน้าที่จังหวัด")
    EVALUATOR = "evaluator", _("ผู้ประเมิน")
    EXECUTIVE = "executive", _("ผู้บริหาร")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser is an administrator of every province, not an officer of none.
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal user with one role; officers and provincial executives belong to a province.

    An executive with no province is a national executive and reads every province.
    """

    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("จังหวัด"),
    )
    position = models.CharField(_("ตำแหน่ง"), max_length=255, blank=True)
    # The head of a provincial office signs off the province's figures. A permission, not a
    # fifth role: the head is an officer or an executive of the province and keeps what that
    # role reads and does; only administrators grant it.
    is_approver = models.BooleanField(
        _("ผู้รับรองผลของจังหวัด"), default=False,
        help_text=_("หัวหน้าส่วนราชการประจำจังหวัดที่รับรองผลตัวชี้วัดของจังหวัด"),
    )  # fmt: skip
    # The portal's language for this user, whatever their browser asks for: blank (not
    # chosen) reads Thai, the portal's first language (accounts/middleware.py).
    language = models.CharField(
        _("ภาษาของพอร์ทัล"), max_length=8, blank=True, default="",
        choices=[("th", "ภาษาไทย"), ("en", "English")],
    )  # fmt: skip

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="officer") | models.Q(province__isnull=False),
                name="%(app_label)s_%(class)s_officer_has_province",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="%(app_label)s_%(class)s_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(is_approver=False)
                | models.Q(role__in=["officer", "executive"], province__isnull=False),
                name="%(app_label)s_%(class)s_approver_of_a_province",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.OFFICER and self.province_id is None:
            raise ValidationError({"province": _("เจ้าหน้าที่จังหวัดต้องระบุจังหวัด")})
        if self.role == Role.ADMINISTRATOR and self.province_id is not None:
            raise ValidationError({"province": _("ผู้ดูแลระบบดูแลทุกจังหวัด ไม่ต้องระบุจังหวัด")})
        if self.is_approver and (
            self.province_id is None or self.role not in (Role.OFFICER, Role.EXECUTIVE)
        ):
            raise ValidationError({"is_approver": _("ผู้รับรองผลต้องเป็นเจ้าหน้าที่หรือผู้บริหารของจังหวัด")})

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER and not self.is_superuser

    @property
    def is_evaluator(self) -> bool:
        return self.role == Role.EVALUATOR and not self.is_superuser

    @property
    def is_executive(self) -> bool:
        return self.role == Role.EXECUTIVE and not self.is_superuser

    @property
    def is_national(self) -> bool:
        """Sees every province: administrators and national executives."""
        return self.is_administrator or (self.is_executive and self.province_id is None)

    @property
    def can_approve_results(self) -> bool:
        """Signs off the figures of their own province (never an administrator's act)."""
        return (
            self.is_approver
            and self.is_active
            and self.province_id is not None
            and (self.is_officer or self.is_executive)
        )

    @property
    def can_enter_data(self) -> bool:
        return self.is_administrator or self.is_officer

    @property
    def role_label(self) -> str:
        if self.is_superuser:
            return str(Role.ADMINISTRATOR.label)
        if self.is_executive and self.province_id is None:
            return str(_("ผู้บริหารระดับประเทศ"))
        return str(self.get_role_display())


class ApiTokenQuerySet(models.QuerySet):
    """Tokens are scoped by owner, not by province: a token is its user's alone.

    Administrators see and revoke everyone's; every other user, whatever the role
    (read-only ones too), sees and revokes only their own.
    """

    def for_user(self, user, action: Action | str = Action.VIEW):
        Action(action)  # an unknown action is a programming error
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(user=user)

    def live(self):
        now = timezone.now()
        return self.filter(models.Q(expiry__isnull=True) | models.Q(expiry__gt=now))


class ApiTokenManager(AuthTokenManager.from_queryset(ApiTokenQuerySet)):
    pass


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only its SHA-512 digest is stored.

    Knox's own model is swapped for this one to add what the owner's page shows: a
    name the owner gives the script, and when the token was last used. A short integer
    id names the token in URLs instead of its digest.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(_("ค่าแฮชของโทเค็น"), max_length=128, unique=True)
    token_key = models.CharField(_("อักษรต้นของโทเค็น"), max_length=25, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="auth_token_set",  # knox's authentication reads this name
        verbose_name=_("เจ้าของ"),
    )
    name = models.CharField(_("ชื่อโทเค็น"), max_length=100, blank=True)
    created = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    expiry = models.DateTimeField(_("หมดอายุ"), null=True, blank=True)
    last_used = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("โทเค็น API")
        verbose_name_plural = _("โทเค็น API")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.key_prefix}"

    @property
    def key_prefix(self) -> str:
        """The first characters of the token, for its owner to recognise it (never the whole)."""
        return self.token_key[:8]

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
