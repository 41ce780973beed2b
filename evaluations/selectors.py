"""Reads of the evaluations app: an evaluator's itinerary, a site's scores across its
evaluators (mean, spread, disagreement), and a round's results with tiers and ranks.

Aggregates are computed by the database (one query per round, whatever its size).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Sum
from django.utils.translation import gettext

from core.row_urls import row_url
from core.scoping import Action
from evaluations.models import (
    Criterion,
    EvaluationRound,
    ResultStatus,
    Rubric,
    RubricComponent,
    Score,
    ScoreSheet,
    SiteResult,
    Visit,
)
from programs.models import EntityLevel, Tier
from thai.dates import format_thai_datetime

TWO_PLACES = Decimal("0.01")


def visits_for_evaluator(*, user) -> QuerySet[Visit]:
    """The visits an evaluator is assigned to, in the order they will happen, each with
    the evaluator's own sheets (``sheets``: one query for all, not one per visit)."""
    return (
        Visit.objects.filter(assignments__evaluator=user)
        .select_related("round", "club", "district", "province", "rubric", "result")
        # The cards' "sent" badge is the evaluator's own sheet: one query, not one a visit.
        .prefetch_related(Prefetch("sheets", queryset=ScoreSheet.objects.filter(evaluator=user)))
        .order_by("scheduled_at", "order")
    )


@dataclass(frozen=True)
class VisitCard:
    """One visit of an evaluator's itinerary, as its card shows it."""

    pk: int
    round_name: str
    order_label: str
    competitor: str
    scheduled_at: object
    scheduled_text: str
    place: str
    address: str
    map_url: str
    finalised: bool
    sent: bool
    score_url: str
    result_url: str


def visit_cards(*, user) -> list[VisitCard]:
    """The evaluator's itinerary for the cards of the home page and the offline list:
    plain rows (one query, no model instances), each link reversed once per page. An
    evaluator with a whole round of visits (162) had a card list costing 3–4 times the
    page around it when each card read its visit's related objects in the template."""
    rows = (
        Visit.objects.filter(assignments__evaluator=user)
        .order_by("scheduled_at", "order")
        .annotate(
            sent=Exists(ScoreSheet.objects.filter(visit=OuterRef("pk"), evaluator=user)),
        )
        .values(
            "pk", "round__name", "order", "level", "club__name", "district__name_th",
            "province__name_th", "scheduled_at", "place", "address", "latitude", "longitude",
            "result__status", "sent",
        )
    )  # fmt: skip
    score_url = row_url("evaluations:visit_score")
    result_url = row_url("evaluations:visit_result")
    competitor = {EntityLevel.CLUB: "club__name", EntityLevel.DISTRICT: "district__name_th"}
    order_label = gettext("จุดที่ %(n)s")  # translated once a page, not once a card
    return [
        VisitCard(
            pk=row["pk"],
            round_name=row["round__name"],
            order_label=order_label % {"n": row["order"]},
            competitor=row[competitor.get(row["level"], "province__name_th")]
            or row["province__name_th"],
            scheduled_at=row["scheduled_at"],
            scheduled_text=format_thai_datetime(row["scheduled_at"]),
            place=row["place"],
            address=row["address"],
            map_url=Visit.map_url_for(
                latitude=row["latitude"],
                longitude=row["longitude"],
                address=row["address"],
                place=row["place"],
            ),  # fmt: skip
            finalised=row["result__status"] == ResultStatus.FINALISED,
            sent=row["sent"],
            score_url=score_url(row["pk"]),
            result_url=result_url(row["pk"]),
        )
        for row in rows
    ]


def round_itinerary(*, round_: EvaluationRound, user) -> QuerySet[Visit]:
    """The round's visits the user may see, in order, with who is assigned to each."""
    return (
        Visit.objects.for_user(user, Action.VIEW)
        .filter(round=round_)
        .select_related("club", "district", "province", "rubric", "result")
        .prefetch_related("assignments__evaluator")
        .order_by("order")
    )


@dataclass
class CriterionStats:
    criterion: Criterion
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    count: int = 0
    flagged: bool = False
    by_evaluator: dict[int, Decimal] = field(default_factory=dict)

    @property
    def spread(self) -> Decimal | None:
        return None if self.count == 0 else self.high - self.low


@dataclass
class VisitSummary:
    visit: Visit
    criteria: list[CriterionStats]
    sheets: list[ScoreSheet]
    total: Decimal | None
    tier: int | None

    @property
    def sheet_count(self) -> int:
        return len(self.sheets)

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label if self.tier else ""

    @property
    def missing(self) -> list[str]:
        """Criteria some evaluator who sent a sheet left without a score."""
        return [stats.criterion.code for stats in self.criteria if stats.count < self.sheet_count]

    @property
    def flags(self) -> list[CriterionStats]:
        return [stats for stats in self.criteria if stats.flagged]

    @property
    def feedback(self) -> str:
        """The evaluators' strengths and improvements gathered into one text for the site."""
        strengths = [sheet.strengths for sheet in self.sheets if sheet.strengths]
        improvements = [sheet.improvements for sheet in self.sheets if sheet.improvements]
        parts = []
        if strengths:
            parts.append("จุดเด่น\n" + "\n".join(f"- {text}" for text in strengths))
        if improvements:
            parts.append("สิ่งที่ควรปรับปรุง\n" + "\n".join(f"- {text}" for text in improvements))
        return "\n\n".join(parts)


def _is_disagreement(low: Decimal, high: Decimal, max_points: Decimal, margin: int) -> bool:
    return (high - low) > max_points * Decimal(margin) / 100


def visit_score_summary(*, visit: Visit) -> VisitSummary:
    """Every criterion of the visit's rubric with each evaluator's score, the mean, the
    spread and whether evaluators disagree by more than the round's margin."""
    criteria = list(visit.rubric.criteria().select_related("component"))
    sheets = list(
        visit.sheets.select_related("evaluator").prefetch_related(
            Prefetch("scores", queryset=Score.objects.only("sheet_id", "criterion_id", "points"))
        )
    )
    stats = {criterion.pk: CriterionStats(criterion=criterion) for criterion in criteria}
    for sheet in sheets:
        for score in sheet.scores.all():
            if score.criterion_id in stats:
                stats[score.criterion_id].by_evaluator[sheet.evaluator_id] = score.points
    margin = visit.round.disagreement_margin
    for item in stats.values():
        values = list(item.by_evaluator.values())
        if not values:
            continue
        item.count = len(values)
        item.low, item.high = min(values), max(values)
        item.mean = (sum(values) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
        item.flagged = _is_disagreement(item.low, item.high, item.criterion.max_points, margin)
    total = sum((item.mean for item in stats.values() if item.mean is not None), Decimal("0"))
    total = total if sheets else None
    return VisitSummary(
        visit=visit,
        criteria=list(stats.values()),
        sheets=sheets,
        total=total,
        tier=visit.rubric.tier_for(total),
    )


@dataclass
class SiteRow:
    visit: Visit
    total: Decimal | None
    tier: int | None
    sheet_count: int
    flag_count: int
    finalised: bool
    rank: int | None = None

    @property
    def entity_type(self) -> tuple[str, str]:
        club_type = self.visit.club.club_type if self.visit.club_id else ""
        return (self.visit.level, club_type)

    @property
    def entity_type_label(self) -> str:
        if self.visit.club_id:
            return self.visit.club.get_club_type_display()
        return self.visit.get_level_display()

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label if self.tier else ""


def round_results(*, round_: EvaluationRound, user, province=None) -> list[SiteRow]:
    """The round's sites the user may see (of one province if given), with total (the
    finalised one, else the live mean of the sheets), tier, flags and rank within their
    entity type."""
    visits = Visit.objects.for_user(user, Action.VIEW).filter(round=round_)
    if province is not None:
        visits = visits.filter(province=province)
    visits = list(
        visits.select_related("club", "district", "province", "rubric", "result")
        .prefetch_related("rubric__bands")
        .order_by("order")
    )
    per_criterion = (
        Score.objects.filter(sheet__visit__in=visits)
        .values("sheet__visit_id", "criterion_id", "criterion__max_points")
        .annotate(mean=Avg("points"), low=Min("points"), high=Max("points"))
    )
    sheet_counts = dict(
        ScoreSheet.objects.filter(visit__in=visits)
        .values("visit_id")
        .annotate(n=Count("pk"))
        .values_list("visit_id", "n")
    )
    live_totals: dict[int, Decimal] = defaultdict(Decimal)
    flags: dict[int, int] = defaultdict(int)
    for row in per_criterion:
        visit_id = row["sheet__visit_id"]
        live_totals[visit_id] += Decimal(row["mean"]).quantize(TWO_PLACES, ROUND_HALF_UP)
        if _is_disagreement(
            row["low"], row["high"], row["criterion__max_points"], round_.disagreement_margin
        ):
            flags[visit_id] += 1

    rows = []
    for visit in visits:
        result = _result_of(visit)
        finalised = result is not None and result.is_finalised
        total = result.total if finalised else live_totals.get(visit.pk)
        rows.append(
            SiteRow(
                visit=visit,
                total=total,
                tier=result.tier if finalised else visit.rubric.tier_for(total),
                sheet_count=sheet_counts.get(visit.pk, 0),
                flag_count=flags.get(visit.pk, 0),
                finalised=finalised,
            )
        )
    _rank(rows)
    return rows


def _result_of(visit: Visit) -> SiteResult | None:
    try:
        return visit.result
    except SiteResult.DoesNotExist:
        return None


def _rank(rows: list[SiteRow]) -> None:
    """Competition ranking (1, 2, 2, 4) by total within each entity type."""
    groups: dict[tuple[str, str], list[SiteRow]] = defaultdict(list)
    for row in rows:
        if row.total is not None:
            groups[row.entity_type].append(row)
    for group in groups.values():
        group.sort(key=lambda row: row.total, reverse=True)
        for position, row in enumerate(group, start=1):
            previous = group[position - 2] if position > 1 else None
            row.rank = previous.rank if previous and previous.total == row.total else position


def rubric_maxima(rubric_ids) -> dict[int, Decimal]:
    """The maximum total of each rubric (the sum of its criteria's maximum points)."""
    return dict(
        Criterion.objects.filter(component__rubric__in=rubric_ids)
        .values("component__rubric")
        .annotate(total=Sum("max_points"))
        .values_list("component__rubric", "total")
    )


def latest_round_in(*, province, fiscal_year: int, user) -> EvaluationRound | None:
    """The most recent round up to ``fiscal_year`` that visited ``province``."""
    return (
        EvaluationRound.objects.for_user(user, Action.VIEW)
        .filter(visits__province=province, fiscal_year__lte=fiscal_year)
        .select_related("program")
        .order_by("-fiscal_year", "-starts_on", "-pk")
        .first()
    )


@dataclass
class ProvinceRound:
    """The latest round that visited a province: its sites there, with each rubric's
    maximum total (to read a score as a share of it)."""

    round: EvaluationRound
    rows: list[SiteRow]
    maxima: dict[int, Decimal]

    def maximum_of(self, row: SiteRow) -> Decimal | None:
        return self.maxima.get(row.visit.rubric_id)


def latest_province_round(*, province, fiscal_year: int, user) -> ProvinceRound | None:
    """What the province dashboard and the provincial summary show of evaluations."""
    round_ = latest_round_in(province=province, fiscal_year=fiscal_year, user=user)
    if round_ is None:
        return None
    rows = round_results(round_=round_, user=user, province=province)
    if not rows:
        return None
    maxima = rubric_maxima({row.visit.rubric_id for row in rows})
    return ProvinceRound(round=round_, rows=rows, maxima=maxima)


def club_evaluation_history(*, club, user) -> QuerySet[SiteResult]:
    """A club's finalised results over the years, newest first."""
    return (
        SiteResult.objects.for_user(user, Action.VIEW)
        .filter(visit__club=club, status="finalised")
        .select_related("visit__round")
        .order_by("-visit__round__fiscal_year", "-visit__scheduled_at")
    )


def rubrics_for(*, user, program=None, fiscal_year: int | None = None) -> QuerySet[Rubric]:
    """The rubrics the user may read (drafts only for administrators), newest year first."""
    rubrics = Rubric.objects.for_user(user, Action.VIEW).select_related("program")
    if program is not None:
        rubrics = rubrics.filter(program=program)
    if fiscal_year is not None:
        rubrics = rubrics.filter(fiscal_year=fiscal_year)
    # Spelled out: a query with aggregates does not take the model's default ordering.
    return rubrics.annotate(
        criteria_count=Count("components__criteria"),
        max_total=Sum("components__criteria__max_points"),
    ).order_by(*Rubric._meta.ordering)


def rubric_structure(*, rubric: Rubric) -> tuple[list[RubricComponent], Decimal]:
    """Its components, each with its criteria and ``subtotal``, and the total of their
    maximum points."""
    components = list(rubric.components.prefetch_related("criteria"))
    for component in components:
        component.subtotal = sum(
            (criterion.max_points for criterion in component.criteria.all()), Decimal("0")
        )
    return components, sum((component.subtotal for component in components), Decimal("0"))
