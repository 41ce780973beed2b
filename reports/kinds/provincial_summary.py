"""Kind 1: the provincial summary of a fiscal year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.registry import Registry
from programs.models import (
    Club,
    ClubMembership,
    Indicator,
    IndicatorResult,
    PeriodApproval,
    Project,
    Province,
    TierAward,
)
from reports import selectors
from reports.kinds.base import ReportKind, history_version, registry
from reports.pdf.charts import COLOURS, Bar, horizontal_bars
from thai.numbers import format_number

# The hook for the sections other apps add (meetings held and open action items,
# evaluation results): a provider takes (province, fiscal_year, user) and returns
# {"template": ..., "context": {...}, "version_querysets": [...]} or None when it
# has nothing for that province and year — then the report prints nothing for it.
SummarySectionProvider = Callable[..., dict[str, Any] | None]
summary_sections: Registry[SummarySectionProvider] = Registry("provincial summary sections")


@registry.register
class ProvincialSummary(ReportKind):
    key = "provincial_summary"
    label = gettext_lazy("สรุปผลการดำเนินงานระดับจังหวัด")
    template_name = "reports/pdf/provincial_summary.html"

    def title(self, parameters) -> str:
        province = Province.objects.filter(pk=parameters.get("province")).first()
        return _("รายงานสรุปผลการดำเนินงาน จังหวัด%(province)s ปีงบประมาณ พ.ศ. %(year)s") % {
            "province": province.name_th if province else parameters.get("province"),
            "year": parameters.get("fiscal_year"),
        }

    def data_version(self, parameters) -> str:
        from reports.kinds.summary_sections import version_querysets as summary_version_querysets

        code, year = parameters["province"], parameters["fiscal_year"]
        return history_version(
            Indicator.history.filter(objective__fiscal_year=year),
            IndicatorResult.history.filter(province_id=code),
            PeriodApproval.history.filter(province_id=code),
            Club.history.filter(province_id=code),
            ClubMembership.history.filter(club__province_id=code, fiscal_year=year),
            TierAward.history.filter(province_id=code),
            Project.history.filter(province_id=code, fiscal_year=year),
            *summary_version_querysets(province_code=code),
        )

    def build_context(self, *, parameters, user, progress) -> dict[str, Any]:
        reader = self.reader(parameters, user=user)
        province = Province.objects.get(pk=parameters["province"])
        year = parameters["fiscal_year"]
        progress(10, _("กำลังรวบรวมผลตัวชี้วัด"))
        programs = selectors.summary_programs(user=reader, province=province, fiscal_year=year)
        for section in programs:
            section.chart = horizontal_bars(
                [
                    Bar(
                        label=line.indicator.code,
                        value=line.percent_of_target,
                        text=(
                            f"{format_number(line.percent_of_target)}%"
                            if line.percent_of_target is not None
                            else line.status_label
                        ),
                        colour=COLOURS[line.status],
                    )
                    for line in section.lines
                ],
                scale_max=150,
                reference=100,
                label_width="18%",
            )
        progress(20, _("กำลังรวบรวมข้อมูลชมรม"))
        clubs = selectors.summary_clubs(user=reader, province=province)
        clubs_chart = horizontal_bars(
            [
                Bar(label=label, value=count, text=format_number(count))
                for label, count in clubs.by_type
            ],
            label_width="38%",
        )
        coverage_total, coverage_lines = selectors.summary_membership(
            user=reader, province=province, fiscal_year=year
        )
        coverage_chart = horizontal_bars(
            [
                Bar(
                    label=line.name,
                    value=line.percent,
                    text=f"{format_number(line.percent)}%" if line.percent is not None else "–",
                )
                for line in coverage_lines
            ],
            scale_max=100,
            reference=80,
            label_width="25%",
        )
        projects = selectors.summary_projects(user=reader, province=province, fiscal_year=year)
        budget_total = sum((row["budget"] or 0) for row in projects)
        extra_sections = []
        for provider in summary_sections:
            section = provider(province=province, fiscal_year=year, user=reader)
            if section:
                extra_sections.append(section)
        return {
            "title": self.title(parameters),
            "province": province,
            "fiscal_year": year,
            "programs": programs,
            "clubs": clubs,
            "clubs_chart": clubs_chart,
            "coverage_total": coverage_total,
            "coverage_lines": coverage_lines,
            "coverage_chart": coverage_chart,
            "projects": projects,
            "budget_total": budget_total,
            "extra_sections": extra_sections,
        }


def period_record_data(approval) -> dict[str, Any]:
    """A period's approved figures as data (the attached JSON of its signed record): who
    approved them and when, the period, and each indicator's approved value."""
    from programs.models import Indicator

    figures = approval.approved_figures or {}
    names = dict(
        Indicator.objects.filter(pk__in=[int(pk) for pk in figures]).values_list("pk", "name")
    )
    return {
        "record": "approved_period_figures",
        "province": {"code": approval.province_id, "name_th": approval.province.name_th},
        "program": {"id": approval.program_id, "name": approval.program.name_th},
        "fiscal_year_be": approval.fiscal_year,
        "frequency": approval.frequency,
        "period": approval.period,
        "approved_by": str(approval.approved_by) if approval.approved_by_id else None,
        "approved_at": approval.approved_at.isoformat() if approval.approved_at else None,
        "submitted_by": str(approval.submitted_by) if approval.submitted_by_id else None,
        "submitted_at": approval.submitted_at.isoformat() if approval.submitted_at else None,
        "figures": [
            {"indicator_id": int(pk), "indicator": names.get(int(pk), ""), **values}
            for pk, values in sorted(figures.items(), key=lambda item: int(item[0]))
        ],
    }


def period_archival_record(approval):
    from reports.pdf.archival import ArchivalRecord

    period = _("ปีงบประมาณ %(year)s %(frequency)s งวดที่ %(period)s") % {
        "year": approval.fiscal_year,
        "frequency": approval.get_frequency_display(),
        "period": approval.period,
    }
    province = approval.province.name_th
    return ArchivalRecord(
        title=_("สรุปผลที่รับรองแล้ว จังหวัด%(province)s %(program)s %(period)s")
        % {"province": province, "program": approval.program.name_th, "period": period},
        description=_("ผลการดำเนินงานที่รับรองแล้วของจังหวัด%(province)s") % {"province": province},
        province=province,
        publisher=_("จังหวัด%(province)s") % {"province": province},
        identifier=period,
        dates=[approval.approved_at.isoformat()] if approval.approved_at else [],
        keywords=[_("สรุปผลที่รับรองแล้ว"), province, str(approval.fiscal_year)],
        data=period_record_data(approval),
    )
