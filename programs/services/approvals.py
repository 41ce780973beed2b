"""Sign-off of a province's figures, one reporting period of a program at a time.

draft → submitted (the officer who enters data) → approved | returned with a reason (the
province's approver, ``User.is_approver``); an approved period is locked until the
approver reopens it with a reason, and it must then be submitted and approved again.
Entry of a period that was never submitted also closes ``Program.entry_closes_after_days``
after the period ends, unless an administrator extended it for the province.

Every change of figures (results page, API, importer) goes through
``programs.services.indicators.indicator_result_save_counted``, which asks
``entry_lock_check`` first, so the lock holds wherever a figure comes from.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import Action
from programs.models import (
    ApprovalState,
    EntryExtension,
    Frequency,
    IndicatorResult,
    PeriodApproval,
    Program,
    Province,
)
from programs.signals import period_approval_changed
from thai.dates import format_thai_date, format_thai_datetime
from thai.fiscal_year import fiscal_months, fiscal_quarters, fiscal_year_range, period_label

REASON_IN_HISTORY = 100  # simple-history's history_change_reason column


@dataclass(frozen=True)
class PeriodKey:
    """Which figures an approval covers: a program's period of one province."""

    program: Program
    province: Province
    fiscal_year: int
    frequency: str
    period: int

    def lookup(self) -> dict:
        return {
            "program": self.program,
            "province": self.province,
            "fiscal_year": self.fiscal_year,
            "frequency": self.frequency,
            "period": self.period,
        }

    @property
    def label(self) -> str:
        return _("%(period)s ปีงบประมาณ %(year)s ของจังหวัด%(province)s") % {
            "period": period_label(self.frequency, self.period),
            "year": self.fiscal_year,
            "province": self.province.name_th,
        }

    def results(self):
        return IndicatorResult.objects.filter(
            indicator__objective__program=self.program,
            indicator__objective__fiscal_year=self.fiscal_year,
            indicator__frequency=self.frequency,
            province=self.province,
            period=self.period,
        )


def period_key_of(approval: PeriodApproval) -> PeriodKey:
    return PeriodKey(
        approval.program, approval.province, approval.fiscal_year, approval.frequency,
        approval.period,
    )  # fmt: skip


def period_end(*, fiscal_year: int, frequency: str, period: int) -> datetime.date:
    if frequency == Frequency.QUARTERLY:
        return fiscal_quarters(fiscal_year)[period - 1].end
    if frequency == Frequency.MONTHLY:
        return fiscal_months(fiscal_year)[period - 1].end
    return fiscal_year_range(fiscal_year)[1]


def entry_closes_on(key: PeriodKey) -> datetime.date | None:
    """The last day figures of a never-submitted period may be entered (None: no closing)."""
    days = key.program.entry_closes_after_days
    if days is None:
        return None
    end = period_end(fiscal_year=key.fiscal_year, frequency=key.frequency, period=key.period)
    return end + datetime.timedelta(days=days)


def period_approval_of(key: PeriodKey) -> PeriodApproval | None:
    return (
        PeriodApproval.objects.filter(**key.lookup())
        .select_related("submitted_by", "approved_by", "decided_by")
        .first()
    )


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _today() -> datetime.date:
    return timezone.localdate()


def entry_refusal(key: PeriodKey, *, today: datetime.date | None = None) -> str | None:
    """Why the figures of ``key`` cannot be changed now, in Thai; None when they can."""
    approval = period_approval_of(key)
    state = approval.state if approval else ApprovalState.DRAFT
    if state == ApprovalState.APPROVED:
        return _(
            "ผล%(period)s รับรองแล้วโดย %(who)s เมื่อ %(when)s จึงแก้ไขไม่ได้ "
            "หากต้องแก้ไข ผู้รับรองต้องเปิดให้แก้ไขพร้อมระบุเหตุผลก่อน"
        ) % {
            "period": key.label,
            "who": _name(approval.approved_by),
            "when": format_thai_datetime(approval.approved_at),
        }
    if state == ApprovalState.SUBMITTED:
        return _(
            "ผล%(period)s ส่งรับรองแล้วโดย %(who)s เมื่อ %(when)s จึงแก้ไขไม่ได้ จนกว่าผู้รับรองจะส่งกลับให้แก้ไข"
        ) % {
            "period": key.label,
            "who": _name(approval.submitted_by),
            "when": format_thai_datetime(approval.submitted_at),
        }
    if state != ApprovalState.DRAFT:
        return None  # returned or reopened by the approver: open whatever the date
    closes_on = entry_closes_on(key)
    today = today or _today()
    if closes_on is None or today <= closes_on:
        return None
    extension = EntryExtension.objects.filter(program=key.program, province=key.province).first()
    if extension is not None and today <= extension.open_until:
        return None
    return _(
        "ปิดรับผล%(period)s แล้วเมื่อ %(date)s (%(days)s วันหลังสิ้นงวด) "
        "หากยังต้องบันทึก ขอให้ผู้ดูแลระบบขยายเวลาให้จังหวัด"
    ) % {
        "period": key.label,
        "date": format_thai_date(closes_on),
        "days": key.program.entry_closes_after_days,
    }


def entry_lock_check(key: PeriodKey) -> None:
    """Refuse a change of the figures of ``key`` with the reason, in Thai."""
    refusal = entry_refusal(key)
    if refusal:
        raise ValidationError(refusal, code="period_locked")


def _plain(number) -> str | None:
    return None if number is None else format(number.normalize(), "f")


def period_figures(key: PeriodKey) -> dict[str, dict]:
    """The figures of a period as kept when approved: {indicator id: value, numerator, …}."""
    figures = {}
    for result in key.results().order_by("indicator_id"):
        figures[str(result.indicator_id)] = {
            name: None
            if getattr(result, name) is None
            else format(getattr(result, name).normalize(), "f")
            for name in ("value", "numerator", "denominator")
        }
    return figures


def _save(approval: PeriodApproval, *, by, reason: str = "") -> PeriodApproval:
    approval.full_clean()
    approval._history_user = by
    if reason:
        approval._change_reason = reason[:REASON_IN_HISTORY]
    approval.save()
    period_approval_changed.send(PeriodApproval, approval=approval, by=by)
    return approval


def _locked(key: PeriodKey) -> PeriodApproval:
    approval = PeriodApproval.objects.select_for_update().filter(**key.lookup()).first()
    return approval or PeriodApproval(**key.lookup())


def _check_approver(user, province: Province) -> None:
    if not getattr(user, "can_approve_results", False) or user.province_id != province.pk:
        raise PermissionDenied(
            _("เฉพาะผู้รับรองผลของจังหวัด%(province)s เท่านั้นที่รับรอง ส่งกลับ หรือเปิดให้แก้ไขได้")
            % {"province": province.name_th}
        )


def _refuse_state(approval: PeriodApproval, allowed: set[str], message: str) -> None:
    if approval.state not in allowed:
        raise ValidationError(
            message % {"state": approval.get_state_display()}, code="invalid_transition"
        )


@transaction.atomic
def period_approval_submit(*, key: PeriodKey, submitted_by) -> PeriodApproval:
    """The officer sends a period's figures to the approver of the province."""
    if (
        not Province.objects.for_user(submitted_by, Action.CHANGE)
        .filter(pk=key.province.pk)
        .exists()
    ):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ส่งผลของจังหวัดนี้"))
    approval = _locked(key)
    _refuse_state(
        approval, ApprovalState.editable(),
        _("ส่งรับรองได้เฉพาะผลที่เป็นร่างหรือถูกส่งกลับ ผลงวดนี้อยู่ในสถานะ “%(state)s”"),
    )  # fmt: skip
    if not key.results().exists():
        raise ValidationError(
            _("ยังไม่มีผล%(period)s ให้ส่งรับรอง") % {"period": key.label}, code="nothing_to_submit"
        )
    approval.state = ApprovalState.SUBMITTED
    approval.submitted_by = submitted_by
    approval.submitted_at = timezone.now()
    return _save(approval, by=submitted_by)


@transaction.atomic
def period_approval_approve(*, approval: PeriodApproval, approved_by) -> PeriodApproval:
    """The approver signs off every figure of the period in one action; they are locked."""
    _check_approver(approved_by, approval.province)
    approval = PeriodApproval.objects.select_for_update().get(pk=approval.pk)
    _refuse_state(
        approval, {ApprovalState.SUBMITTED},
        _("รับรองได้เฉพาะผลที่ส่งรับรองแล้ว ผลงวดนี้อยู่ในสถานะ “%(state)s”"),
    )  # fmt: skip
    if approval.submitted_by_id == approved_by.pk:
        raise ValidationError(
            _("ผู้ส่งรับรองรับรองผลของตนเองไม่ได้ ให้ผู้รับรองคนอื่นของจังหวัดพิจารณา"),
            code="approver_is_submitter",
        )
    now = timezone.now()
    approval.state = ApprovalState.APPROVED
    approval.approved_by = approval.decided_by = approved_by
    approval.approved_at = approval.decided_at = now
    approval.approved_figures = period_figures(period_key_of(approval))
    approval.returned_items = {}
    approval.reason = ""
    return _save(approval, by=approved_by)


@transaction.atomic
def period_approval_return(
    *, approval: PeriodApproval, returned_by, reason: str = "", items: dict | None = None
) -> PeriodApproval:
    """The approver sends the period back, with a reason, and may name the figures to fix
    (``items``: {indicator id: reason}); the officer sees them where they enter data."""
    _check_approver(returned_by, approval.province)
    approval = PeriodApproval.objects.select_for_update().get(pk=approval.pk)
    _refuse_state(
        approval, {ApprovalState.SUBMITTED},
        _("ส่งกลับได้เฉพาะผลที่ส่งรับรองแล้ว ผลงวดนี้อยู่ในสถานะ “%(state)s”"),
    )  # fmt: skip
    reason = (reason or "").strip()
    items = {str(k): v.strip() for k, v in (items or {}).items() if v and v.strip()}
    in_period = set(period_figures(period_key_of(approval)))
    if set(items) - in_period:
        raise ValidationError(
            {"returned_items": _("ส่งกลับได้เฉพาะผลที่อยู่ในงวดนี้")}, code="not_in_period"
        )
    if not reason and not items:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่ส่งกลับให้แก้ไข")}, code="reason_required")
    approval.state = ApprovalState.RETURNED
    approval.reason = reason or _("มีผลที่ต้องแก้ไข %(n)s รายการ") % {"n": len(items)}
    approval.returned_items = items
    approval.decided_by = returned_by
    approval.decided_at = timezone.now()
    return _save(approval, by=returned_by, reason=approval.reason)


@transaction.atomic
def period_approval_reopen(*, approval: PeriodApproval, reopened_by, reason: str) -> PeriodApproval:
    """Changing an approved figure: the approver opens the period with a reason (recorded);
    the figures must then be submitted and approved again."""
    _check_approver(reopened_by, approval.province)
    approval = PeriodApproval.objects.select_for_update().get(pk=approval.pk)
    _refuse_state(
        approval, {ApprovalState.APPROVED},
        _("เปิดให้แก้ไขได้เฉพาะผลที่รับรองแล้ว ผลงวดนี้อยู่ในสถานะ “%(state)s”"),
    )  # fmt: skip
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("กรุณาระบุเหตุผลที่เปิดให้แก้ไขผลที่รับรองแล้ว")}, code="reason_required"
        )
    approval.state = ApprovalState.REOPENED
    approval.reason = reason
    approval.decided_by = reopened_by
    approval.decided_at = timezone.now()
    return _save(approval, by=reopened_by, reason=reason)


@transaction.atomic
def entry_extension_grant(
    *, program: Program, province: Province, open_until: datetime.date, reason: str, granted_by
) -> EntryExtension:
    """An administrator keeps entry of ``program`` open for ``province`` until a date."""
    if not getattr(granted_by, "is_administrator", False):
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบเท่านั้นที่ขยายเวลาบันทึกผลได้"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลที่ขยายเวลา")})
    extension = EntryExtension.objects.filter(program=program, province=province).first()
    extension = extension or EntryExtension(program=program, province=province)
    extension.open_until = open_until
    extension.reason = reason.strip()
    extension.granted_by = granted_by
    extension.full_clean()
    extension._history_user = granted_by
    extension.save()
    return extension


@dataclass
class FigureChange:
    indicator_id: int
    before: dict | None  # as last approved; None: not in the last approval
    after: dict | None  # now; None: no longer reported

    @property
    def kind(self) -> str:
        if self.before is None:
            return "new"
        if self.after is None:
            return "removed"
        return "changed" if self.before != self.after else "same"


def period_changes(approval: PeriodApproval) -> dict[int, FigureChange]:
    """Each figure of the period against the last approval: {indicator id: change}."""
    now = period_figures(period_key_of(approval))
    before = approval.approved_figures or {}
    return {
        int(pk): FigureChange(int(pk), before.get(pk), now.get(pk))
        for pk in sorted({*now, *before}, key=int)
    }


@dataclass(frozen=True)
class Transition:
    """One step of a period's sign-off: who moved it to ``state``, when, and why."""

    state: str
    by: object  # the user, or None when the portal itself made the change
    at: datetime.datetime
    reason: str = ""
    returned_items: dict | None = None

    @property
    def state_label(self) -> str:
        return str(ApprovalState(self.state).label)


def period_transitions(approval: PeriodApproval) -> list[Transition]:
    """Every change of state of a period, oldest first, read from its change history.

    A reason belongs to a return or a reopen only: a submission after a return keeps the
    returned reason in the row, which is not the submitter's.
    """
    transitions = []
    previous = None
    for record in approval.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        if record.state != previous:
            with_reason = record.state in (ApprovalState.RETURNED, ApprovalState.REOPENED)
            transitions.append(
                Transition(
                    state=record.state,
                    by=record.history_user,
                    at=record.history_date,
                    reason=record.reason if with_reason else "",
                    returned_items=(record.returned_items or None)
                    if record.state == ApprovalState.RETURNED
                    else None,
                )
            )
        previous = record.state
    return transitions


def periods_waiting_for(user):
    """The periods that wait for ``user``'s decision: those submitted in the province they
    approve, oldest submission first (none for anyone but an approver)."""
    if not getattr(user, "can_approve_results", False):
        return PeriodApproval.objects.none()
    return (
        PeriodApproval.objects.for_user(user, Action.VIEW)
        .filter(province_id=user.province_id, state=ApprovalState.SUBMITTED)
        .select_related("program", "province", "submitted_by")
        .order_by("submitted_at", "pk")
    )
