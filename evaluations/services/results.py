"""Results: the chair's finalisation and reopening of a site's result."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    EvaluationRound,
    ResultStatus,
    SiteResult,
    Visit,
)

# --- Results ----------------------------------------------------------------------------


def is_round_chair(round_: EvaluationRound, user) -> bool:
    """Who may finalise or reopen a round's results: its chair, or an administrator."""
    return user.is_administrator or round_.evaluators.filter(user=user, is_chair=True).exists()


def _require_chair(round_: EvaluationRound, user) -> None:
    if not is_round_chair(round_, user):
        raise PermissionDenied(_("เฉพาะประธานคณะกรรมการประเมินยืนยันหรือเปิดผลการประเมินได้"))


@transaction.atomic
def site_result_finalise(*, visit: Visit, user, feedback: str | None = None) -> SiteResult:
    """The chair locks a site's result: total and tier are taken from the sheets now."""
    from evaluations.selectors import visit_score_summary

    _require_chair(visit.round, user)
    result, _created = SiteResult.objects.select_for_update().get_or_create(visit=visit)
    if result.is_finalised:
        raise ValidationError(_("ผลการประเมินนี้ยืนยันแล้ว"))
    summary = visit_score_summary(visit=visit)
    if not summary.sheet_count:
        raise ValidationError(_("ยังไม่มีผู้ประเมินส่งคะแนนของสถานที่นี้"))
    if summary.missing:
        raise ValidationError(
            _("ยังให้คะแนนไม่ครบทุกประเด็น: %(codes)s") % {"codes": ", ".join(summary.missing)}
        )
    result.status = ResultStatus.FINALISED
    result.total = summary.total
    result.tier = summary.tier
    result.feedback = (feedback if feedback is not None else summary.feedback).strip()
    result.finalised_by = user
    result.finalised_at = timezone.now()
    result.full_clean()
    result.save()
    return result


@transaction.atomic
def site_result_reopen(*, visit: Visit, user, reason: str) -> SiteResult:
    """Unlock a finalised result so scores can change again; the reason is recorded."""
    _require_chair(visit.round, user)
    result = SiteResult.objects.select_for_update().filter(visit=visit).first()
    if result is None or not result.is_finalised:
        raise ValidationError(_("ผลการประเมินนี้ยังไม่ได้ยืนยัน"))
    if not reason.strip():
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่เปิดแก้ไขผลการประเมิน")})
    result.status = ResultStatus.OPEN
    result.reopen_reason = reason.strip()
    result.finalised_by = None
    result.finalised_at = None
    result.save()
    return result
