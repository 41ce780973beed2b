from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.OFFICER and self.province_id is None:
            raise ValidationError({"province": _("เจ้าหน้าที่จังหวัดต้องระบุจังหวัด")})
        if self.role == Role.ADMINISTRATOR and self.province_id is not None:
            raise ValidationError({"province": _("ผู้ดูแลระบบดูแลทุกจังหวัด ไม่ต้องระบุจังหวัด")})

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
    def can_enter_data(self) -> bool:
        return self.is_administrator or self.is_officer

    @property
    def role_label(self) -> str:
        if self.is_superuser:
            return str(Role.ADMINISTRATOR.label)
        if self.is_executive and self.province_id is None:
            return str(_("ผู้บริหารระดับประเทศ"))
        return str(self.get_role_display())
