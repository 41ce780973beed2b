"""Sign-off of a period's figures: the officer submits from the results page; the
province's approver reads the table and what changed since the last approval, approves
the whole period in one action, returns it with reasons, or reopens an approved one.

The province is in the URL: outside the user's scope → 404; a user who sees the province
but may not make the change (a read-only role submitting, anyone but the approver
deciding) → 403.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from core.scoping import Action
from programs.indicator_status import period_target
from programs.models import ApprovalState, PeriodApproval, Program, Province
from programs.selectors.indicators import ReportingPeriod, entry_indicators, period_results
from programs.services.approvals import (
    PeriodKey,
    period_approval_approve,
    period_approval_of,
    period_approval_reopen,
    period_approval_return,
    period_approval_submit,
    period_changes,
    period_transitions,
)


def approval_url(name: str, key: PeriodKey, period: ReportingPeriod) -> str:
    return reverse(
        f"programs:{name}",
        args=[key.program.slug, key.fiscal_year, period.token, key.province.pk],
    )


def entry_url(key: PeriodKey, period: ReportingPeriod, user) -> str:
    url = reverse("programs:results_entry", args=[key.program.slug, key.fiscal_year, period.token])
    return url + ("?" + urlencode({"province": key.province.pk}) if user.is_national else "")


class PeriodMixin(LoginRequiredMixin):
    """Finds the program, period and province before any method runs."""

    approver_only = False
    change_only = False
    method_first = False  # a page answers 405 to a method it lacks, as the detail pages do

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.method_first and request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        user = request.user
        program = get_object_or_404(Program, slug=kwargs["slug"])
        self.period = ReportingPeriod.parse(kwargs["period"])
        if self.period is None:
            raise Http404
        if user.is_evaluator:
            raise Http404  # evaluators read no province's results
        province = get_object_or_404(
            Province.objects.for_user(user, Action.VIEW), pk=kwargs["province"]
        )
        self.key = PeriodKey(
            program, province, kwargs["fiscal_year"], self.period.frequency, self.period.number
        )
        if (
            self.change_only
            and not Province.objects.for_user(user, Action.CHANGE).filter(pk=province.pk).exists()
        ):
            raise PermissionDenied
        if self.approver_only and not (
            user.can_approve_results and user.province_id == province.pk
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def approval_or_404(self) -> PeriodApproval:
        approval = period_approval_of(self.key)
        if approval is None:
            raise Http404
        return approval

    def back_to_approval(self):
        return HttpResponseRedirect(approval_url("period_approval", self.key, self.period))


class PeriodSubmitView(PeriodMixin, View):
    """The officer sends the period's figures for approval (POST only)."""

    change_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            period_approval_submit(key=self.key, submitted_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("ส่งผล%(period)s ให้ผู้รับรองแล้ว ระหว่างรอพิจารณาจะแก้ไขผลงวดนี้ไม่ได้")
                % {"period": self.key.label},
            )
        return HttpResponseRedirect(entry_url(self.key, self.period, request.user))


class PeriodApprovalView(PeriodMixin, View):
    """The table of a period's figures with what changed since the last approval."""

    template_name = "programs/period_approval.html"
    http_method_names = ["get", "head", "options"]
    method_first = True

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.context())

    def context(self, return_errors=None):
        user = self.request.user
        key = self.key
        approval = period_approval_of(key)
        indicators = entry_indicators(
            user=user, program=key.program, fiscal_year=key.fiscal_year, province=key.province,
            frequency=key.frequency,
        )  # fmt: skip
        current = period_results(
            user=user, indicators=indicators, province=key.province, period=key.period
        )
        changes = period_changes(approval) if approval else {}
        returned = (approval.returned_items if approval else {}) or {}
        rows = []
        for indicator in indicators:
            change = changes.get(indicator.pk)
            target, upper = period_target(indicator, key.period)
            rows.append(
                {
                    "indicator": indicator,
                    "result": current.get(indicator.pk),
                    "target": target,
                    "target_max": upper,
                    "change": change.kind if change and approval.approved_at else "",
                    "before": change.before if change else None,
                    "returned_reason": returned.get(str(indicator.pk), ""),
                }
            )
        is_approver = user.can_approve_results and user.province_id == key.province.pk
        state = approval.state if approval else ApprovalState.DRAFT
        return {
            "program": key.program,
            "fiscal_year": key.fiscal_year,
            "period": self.period,
            "province": key.province,
            "key": key,
            "approval": approval,
            "state": state,
            "state_label": ApprovalState(state).label,
            "rows": rows,
            # What one approval signs: the figures reported, not the indicators left empty.
            "reported_count": sum(1 for row in rows if row["result"] is not None),
            "changed_count": sum(
                1 for row in rows if row["change"] in ("new", "changed", "removed")
            ),
            "transitions": period_transitions(approval) if approval else [],
            "can_decide": is_approver and state == ApprovalState.SUBMITTED,
            "can_reopen": is_approver and state == ApprovalState.APPROVED,
            "entry_url": entry_url(key, self.period, user),
            "approve_url": approval_url("period_approve", key, self.period),
            "return_url": approval_url("period_return", key, self.period),
            "reopen_url": approval_url("period_reopen", key, self.period),
            "return_errors": return_errors or [],
        }


class PeriodApproveView(PeriodMixin, View):
    approver_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            period_approval_approve(approval=self.approval_or_404(), approved_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("รับรองผล%(period)s แล้ว") % {"period": self.key.label})
        return self.back_to_approval()


class PeriodReturnView(PeriodMixin, View):
    approver_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        items = {
            name.removeprefix("item-"): value
            for name, value in request.POST.items()
            if name.startswith("item-") and name.removeprefix("item-").isdigit()
        }
        try:
            period_approval_return(
                approval=self.approval_or_404(), returned_by=request.user,
                reason=request.POST.get("reason", ""), items=items,
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("ส่งผล%(period)s กลับให้แก้ไขแล้ว") % {"period": self.key.label})
        return self.back_to_approval()


class PeriodReopenView(PeriodMixin, View):
    approver_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            period_approval_reopen(
                approval=self.approval_or_404(), reopened_by=request.user,
                reason=request.POST.get("reason", ""),
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("เปิดให้แก้ไขผล%(period)s แล้ว ต้องส่งรับรองและรับรองใหม่") % {"period": self.key.label},
            )
        return self.back_to_approval()
