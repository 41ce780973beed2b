"""Kind 3: an evaluation round's summary (sites, scores, tiers, strengths and things to
improve per site) followed by a one-page feedback letter to each site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scoping import Action
from evaluations.models import EvaluationRound, Score, ScoreSheet, SiteResult, Visit
from evaluations.selectors import round_results, visit_score_summary
from reports.kinds.base import ReportKind, history_version, registry


def _rounds(user):
    if user is None:
        return EvaluationRound.objects.all()
    return EvaluationRound.objects.for_user(user, Action.VIEW)


@registry.register
class EvaluationRoundSummary(ReportKind):
    key = "evaluation_round"
    label = gettext_lazy("สรุปผลการตรวจประเมินรายรอบ")
    template_name = "reports/pdf/evaluation_round.html"
    needs_province = False
    needs_fiscal_year = False

    def extra_form_fields(self, *, user) -> dict[str, forms.Field]:
        choices = [("", gettext_lazy("เลือกรอบการประเมิน"))]
        if user is not None:
            choices += [(r.pk, str(r)) for r in _rounds(user).order_by("-starts_on")[:200]]
        return {
            "round": forms.IntegerField(
                label=gettext_lazy("รอบการประเมิน"), widget=forms.Select(choices=choices)
            )
        }

    def clean_options(self, raw, *, parameters, user) -> dict[str, Any]:
        try:
            round_id = int(raw.get("round") or 0)
        except (TypeError, ValueError):
            round_id = 0
        if not round_id or not _rounds(user).filter(pk=round_id).exists():
            raise ValidationError({"round": _("กรุณาเลือกรอบการประเมินที่ท่านมีสิทธิ์ดูข้อมูล")})
        return {"round": round_id}

    def province_code(self, parameters) -> str | None:
        return (
            EvaluationRound.objects.filter(pk=parameters["round"])
            .values_list("province_id", flat=True)
            .first()
        )

    def title(self, parameters) -> str:
        round_ = EvaluationRound.objects.filter(pk=parameters["round"]).first()
        return _("สรุปผล%(round)s") % {"round": round_.name} if round_ else str(self.label)

    def filename(self, parameters) -> str:
        return f"evaluation-round-{parameters['round']}.pdf"

    def data_version(self, parameters) -> str:
        """Any change to the round, its visits, the sheets and scores or the results."""
        round_id = parameters["round"]
        return history_version(
            EvaluationRound.history.filter(id=round_id),
            Visit.history.filter(round_id=round_id),
            ScoreSheet.history.filter(visit__round_id=round_id),
            Score.history.filter(sheet__visit__round_id=round_id),
            SiteResult.history.filter(visit__round_id=round_id),
        )

    def build_context(self, *, parameters, user, progress) -> dict[str, Any]:
        reader = self.reader(parameters, user=user)
        round_ = _rounds(user).select_related("program", "province").get(pk=parameters["round"])
        progress(10, _("กำลังรวบรวมผลการประเมิน"))
        rows = round_results(round_=round_, user=reader)
        sites = []
        for number, row in enumerate(rows, start=1):
            summary = visit_score_summary(visit=row.visit)
            result = getattr(row.visit, "result", None)
            sites.append({
                "row": row,
                "summary": summary,
                "max_total": sum(stats.criterion.max_points for stats in summary.criteria),
                "feedback": result.feedback if result and result.is_finalised else summary.feedback,
            })  # fmt: skip
            progress(10 + 70 * number // max(len(rows), 1), _("กำลังจัดทำหนังสือแจ้งผลรายสถานที่"))
        return {
            "title": self.title(parameters),
            "round": round_,
            "sites": sites,
            "finalised_count": sum(1 for site in sites if site["row"].finalised),
            "chair": round_.chair,
            "evaluators": round_.evaluators.select_related("user"),
        }
