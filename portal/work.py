"""งานของฉัน: what each person owes the portal now, read in a fixed number of queries.

Every section is a scoped queryset (``for_user``), so an officer sees their province's
work only. ``work_counts`` counts every section of a user in one query (scalar
subqueries); the navigation and the page share it, once per request.

The navigation shows the counts on every page, so they are kept in the cache
(``navigation_counts``) under a fingerprint of the user, the day and the latest change to
the tables they count; only the bell's number is read afresh each time, in the same query
as the fingerprint.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.scoping import Action
from evaluations.models import ResultStatus, ScoreSheet, SiteResult, Visit, VisitAssignment
from meetings.models import ActionItem, AgendaItem, Committee, Meeting, MinutesStatus
from notifications.models import Outbox
from programs.models import (
    ApprovalState,
    Frequency,
    Indicator,
    Objective,
    PeriodApproval,
    Program,
)
from programs.selectors.indicators import period_of
from thai.dates import format_thai_date, format_thai_datetime
from thai.fiscal_year import fiscal_months, fiscal_quarters, fiscal_year_of

SHOWN = 20  # lines per section; the count says how many there are in all
# A visit stays among those "ahead" until this long after it began (it may run all day).
VISIT_STAYS = datetime.timedelta(hours=12)


@dataclass
class WorkLine:
    title: str
    detail: str
    url: str
    overdue: bool = False
    action_item_id: int | None = None  # an action item the line can mark done


@dataclass
class WorkSection:
    key: str
    title: str
    total: int
    lines: list[WorkLine] = field(default_factory=list)
    empty: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.lines), 0)


def _today() -> datetime.date:
    return timezone.localdate()


def due_soon_days() -> int:
    return settings.WORK_DUE_SOON_DAYS


# --- The querysets of each section ----------------------------------------------------


def action_items_due(user: User, *, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Open action items overdue or due within the coming days, overdue first."""
    today = today or _today()
    horizon = today + datetime.timedelta(days=due_soon_days())
    return (
        ActionItem.objects.for_user(user, Action.VIEW)
        .still_open()
        .filter(due_date__lte=horizon)
        .overdue_first(today)
    )


def action_items_overdue(user: User, *, today: datetime.date | None = None):
    today = today or _today()
    return ActionItem.objects.for_user(user, Action.VIEW).still_open().filter(due_date__lt=today)


def minutes_to_write(user: User, *, today: datetime.date | None = None) -> QuerySet[Meeting]:
    """Minutes of meetings held that are still drafts; those sent back (they were
    submitted once) first."""
    today = today or _today()
    return (
        Meeting.objects.for_user(user, Action.CHANGE)
        .filter(minutes_status=MinutesStatus.DRAFT, date__lte=today)
        .order_by(F("submitted_at").desc(nulls_last=True), "date", "pk")
    )


def minutes_to_check(user: User) -> QuerySet[Meeting]:
    """Submitted minutes someone other than their recorder must check."""
    return (
        Meeting.objects.for_user(user, Action.CHANGE)
        .filter(minutes_status=MinutesStatus.SUBMITTED)
        .exclude(recorded_by=user)
        .order_by("submitted_at", "pk")
    )


def meetings_coming(user: User, *, today: datetime.date | None = None) -> QuerySet[Meeting]:
    today = today or _today()
    horizon = today + datetime.timedelta(days=settings.WORK_UPCOMING_DAYS)
    return (
        Meeting.objects.for_user(user, Action.VIEW)
        .filter(date__gte=today, date__lte=horizon)
        .order_by("date", "start_time", "pk")
    )


def periods_returned(user: User) -> QuerySet[PeriodApproval]:
    return (
        PeriodApproval.objects.for_user(user, Action.CHANGE)
        .filter(state__in=[ApprovalState.RETURNED, ApprovalState.REOPENED])
        .order_by("-decided_at", "pk")
    )


def periods_to_approve(user: User) -> QuerySet[PeriodApproval]:
    if not user.can_approve_results:
        return PeriodApproval.objects.none()
    return (
        PeriodApproval.objects.filter(province_id=user.province_id, state=ApprovalState.SUBMITTED)
        .exclude(submitted_by=user)
        .order_by("submitted_at", "pk")
    )


def periods_approved(user: User) -> QuerySet[PeriodApproval]:
    return (
        PeriodApproval.objects.for_user(user, Action.VIEW)
        .filter(state=ApprovalState.APPROVED)
        .order_by("-approved_at", "pk")
    )


def visits_coming(user: User, *, now: datetime.datetime | None = None) -> QuerySet[Visit]:
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.WORK_UPCOMING_DAYS)
    return (
        Visit.objects.filter(assignments__evaluator=user)
        .filter(scheduled_at__gte=now - VISIT_STAYS, scheduled_at__lte=horizon)
        .order_by("scheduled_at", "order")
    )


def sheets_not_sent(user: User, *, now: datetime.datetime | None = None) -> QuerySet[Visit]:
    """Visits held (or starting today) for which the server has no sheet of this evaluator."""
    now = now or timezone.now()
    own_sheet = ScoreSheet.objects.filter(visit=OuterRef("pk"), evaluator=user)
    return (
        Visit.objects.filter(assignments__evaluator=user, scheduled_at__lte=now)
        .exclude(Exists(own_sheet))
        .exclude(result__status=ResultStatus.FINALISED)
        .order_by("scheduled_at", "order")
    )


def _sections_of(user: User, *, now: datetime.datetime | None = None) -> dict[str, QuerySet]:
    """The sections a role has, in the order the page shows them."""
    if user.is_evaluator:
        return {"visits": visits_coming(user, now=now), "sheets": sheets_not_sent(user, now=now)}
    if user.is_executive:
        sections = {"overdue": action_items_overdue(user)}
        if user.can_approve_results:
            sections["approve"] = periods_to_approve(user)
        sections["approved"] = periods_approved(user)
        return sections
    sections = {"actions": action_items_due(user), "minutes": minutes_to_write(user)}
    sections["check"] = minutes_to_check(user)
    if user.can_approve_results:
        sections["approve"] = periods_to_approve(user)
    sections["returned"] = periods_returned(user)
    sections["meetings"] = meetings_coming(user)
    return sections


# Sections that ask the user to do something; the navigation counts these.
ACTIONABLE = {"actions", "minutes", "check", "approve", "returned", "due", "sheets", "overdue"}


def _count(queryset: QuerySet) -> Subquery:
    counted = queryset.order_by().values(n=Func(F("pk"), function="COUNT"))
    return Subquery(counted, output_field=IntegerField())


def _earliest(queryset: QuerySet) -> Subquery:
    earliest = queryset.order_by().values(t=Func(F("scheduled_at"), function="MIN"))
    return Subquery(earliest, output_field=DateTimeField())


def _clock_moves(user: User, now: datetime.datetime) -> dict[str, Subquery]:
    """What an evaluator's counts change by the clock alone (not by a write): the first
    visit to come within the days ahead, the first to begin (its sheet is then due) and
    the first to leave the days ahead, 12 hours after it began."""
    mine = Visit.objects.filter(assignments__evaluator=user)
    ahead = datetime.timedelta(days=settings.WORK_UPCOMING_DAYS)
    return {
        "t_enters": _earliest(mine.filter(scheduled_at__gt=now + ahead)),
        "t_begins": _earliest(mine.filter(scheduled_at__gt=now)),
        "t_leaves": _earliest(mine.filter(scheduled_at__gte=now - VISIT_STAYS)),
    }


def _counted(
    user: User, *, unread: bool, now: datetime.datetime
) -> tuple[dict[str, int], datetime.datetime | None]:
    """The counts of ``user`` at ``now`` and, for an evaluator, the moment after which
    the clock alone changes them (None: not before the day ends)."""
    sections = {} if user.is_administrator else _sections_of(user, now=now)
    if unread:
        sections["unread"] = Outbox.objects.unread(user)
    annotations = {f"n_{key}": _count(qs) for key, qs in sections.items()}
    if user.is_evaluator:
        annotations |= _clock_moves(user, now)
    row = User.objects.filter(pk=user.pk).annotate(**annotations).values(*annotations).get()
    counts = {key: row[f"n_{key}"] or 0 for key in sections}
    if "returned" in sections:
        counts["due"] = len(results_due(user))
    ahead = datetime.timedelta(days=settings.WORK_UPCOMING_DAYS)
    moves = [
        row.get("t_enters") and row["t_enters"] - ahead,
        row.get("t_begins"),
        row.get("t_leaves") and row["t_leaves"] + VISIT_STAYS,
    ]
    return counts, min((moment for moment in moves if moment), default=None)


def work_counts(user: User) -> dict[str, int]:
    """How many lines each section of ``user`` has, and their unread notifications
    (``unread``, the bell): one query whatever the data, and for an officer the results
    due this period (``due``: two or three more, by program and frequency, not by row)."""
    if not user.is_authenticated:
        return {}
    return _counted(user, unread=True, now=timezone.now())[0]


# --- The navigation's counts, kept in the cache -------------------------------------

# The tables the counts read. Every write through the portal's services, forms, imports
# and the admin leaves a change-history row (as the dashboards rely on:
# reports/dashboards/freshness.py), so the newest ``history_date`` of these moves with
# any write that can change a count. The bell's Outbox has no history: read each time.
COUNTED = [
    ActionItem, AgendaItem, Meeting, Committee, PeriodApproval, Program, Objective, Indicator,
    Visit, VisitAssignment, ScoreSheet, SiteResult,
]  # fmt: skip
# Changed with what is counted or how, so that a deploy does not read older entries.
COUNTS_FORMAT = 1
KEPT = 24 * 60 * 60  # seconds; each entry belongs to one day anyway


@functools.cache  # reading ``model.history`` builds a manager class each time
def _latest_changes_sql() -> str:
    return ", ".join(
        f'(SELECT MAX(history_date) FROM "{model.history.model._meta.db_table}")'
        for model in COUNTED
    )


def _unread_and_changes(user: User) -> tuple[int, list]:
    """The bell's number and the newest change of each counted table: one round trip."""
    unread = Outbox.objects.unread(user).order_by().values(n=Func(F("pk"), function="COUNT"))
    sql, params = unread.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({sql}), {_latest_changes_sql()}", params)  # our table names
        number, *changes = cursor.fetchone()
    return number or 0, changes


def _cache_key(user: User, changes: list, today: datetime.date) -> str:
    """Whose counts, of which day, on which data: a user's entry is never another's."""
    parts = [
        COUNTS_FORMAT, user.pk, user.role, user.province_id, user.is_superuser, user.is_active,
        user.is_approver, settings.WORK_DUE_SOON_DAYS, settings.WORK_UPCOMING_DAYS,
        today.isoformat(), *(str(moment) if moment else "-" for moment in changes),
    ]  # fmt: skip
    fingerprint = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"portal:work-counts:{fingerprint}"


def navigation_counts(user: User) -> dict[str, int]:
    """``work_counts`` as the navigation reads it on every page: from the cache while
    nothing counted has changed, today, and (an evaluator) no visit has moved into or out
    of the days ahead by the clock; else counted and kept. Two queries more when counted."""
    if not user.is_authenticated:
        return {}
    unread, changes = _unread_and_changes(user)
    if user.is_administrator:
        return {"unread": unread}  # administrators have no sections
    now = timezone.now()
    key = _cache_key(user, changes, _today())
    kept = cache.get(key)
    if kept is None or (kept["until"] is not None and now >= kept["until"]):
        counts, until = _counted(user, unread=False, now=now)
        kept = {"counts": counts, "until": until}
        cache.set(key, kept, KEPT)
    return {**kept["counts"], "unread": unread}


def _counts_for_request(request) -> dict[str, int]:
    if not hasattr(request, "_work_counts"):
        request._work_counts = navigation_counts(request.user)
    return request._work_counts


def work_count_for_request(request) -> int:
    """The number beside งานของฉัน, counted once per request."""
    return sum(n for key, n in _counts_for_request(request).items() if key in ACTIONABLE)


def unread_count_for_request(request) -> int:
    """The number on the bell, from the same query."""
    return _counts_for_request(request).get("unread", 0)


# --- Lines ----------------------------------------------------------------------------


def _meeting_url(meeting_id: int, anchor: str = "") -> str:
    url = reverse("meetings:meeting_detail", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


def _action_lines(queryset, today) -> list[WorkLine]:
    lines = []
    items = queryset.select_related("agenda_item__meeting__committee")[:SHOWN]
    for item in items:
        meeting = item.agenda_item.meeting
        overdue = item.due_date < today
        if overdue:
            when = _("เลยกำหนด %(n)s วัน (กำหนด %(date)s)") % {
                "n": (today - item.due_date).days,
                "date": format_thai_date(item.due_date, "short"),
            }
        else:
            when = _("กำหนดเสร็จ %(date)s") % {"date": format_thai_date(item.due_date, "short")}
        lines.append(
            WorkLine(
                title=item.description[:200],
                detail=_("%(when)s · ผู้รับผิดชอบ %(who)s · %(meeting)s ครั้งที่ %(number)s")
                % {
                    "when": when,
                    "who": item.responsible,
                    "meeting": meeting.committee.name,
                    "number": meeting.number_label,
                },
                url=_meeting_url(meeting.pk, f"action-{item.pk}"),
                overdue=overdue,
                action_item_id=item.pk,
            )
        )
    return lines


def _meeting_lines(queryset, detail) -> list[WorkLine]:
    return [
        WorkLine(
            title=f"{meeting.committee.name} ครั้งที่ {meeting.number_label}",
            detail=detail(meeting),
            url=_meeting_url(meeting.pk),
        )
        for meeting in queryset.select_related("committee")[:SHOWN]
    ]


def _minutes_detail(meeting) -> str:
    held = format_thai_date(meeting.date, "short")
    if meeting.submitted_at:
        return _("ถูกส่งกลับให้แก้ไข · ประชุมเมื่อ %(date)s") % {"date": held}
    return _("รายงานการประชุมยังเป็นร่าง · ประชุมเมื่อ %(date)s") % {"date": held}


def _period_url(name: str, approval: PeriodApproval) -> str:
    token = period_of(approval.frequency, approval.period).token
    return reverse(
        f"programs:{name}",
        args=[approval.program.slug, approval.fiscal_year, token, approval.province_id],
    )


def _period_title(approval: PeriodApproval) -> str:
    return _("%(program)s %(period)s ปีงบประมาณ %(year)s") % {
        "program": approval.program.short_name or approval.program.name_th,
        "period": period_of(approval.frequency, approval.period).label,
        "year": approval.fiscal_year,
    }


def _period_lines(queryset, *, page: str, detail) -> list[WorkLine]:
    return [
        WorkLine(
            title=_period_title(approval),
            detail=detail(approval),
            url=_period_url(page, approval),
        )
        for approval in queryset.select_related("program", "province")[:SHOWN]
    ]


def _visit_lines(queryset, detail) -> list[WorkLine]:
    return [
        WorkLine(
            title=f"{visit.order}. {visit.place}",
            detail=detail(visit),
            url=reverse("evaluations:visit_score", args=[visit.pk]),
        )
        for visit in queryset.select_related("round")[:SHOWN]
    ]


def _ended_period(frequency: str, today: datetime.date):
    """The latest period of ``frequency`` that has ended by ``today`` in the fiscal year
    (the one whose results are due now), or None at the start of a year."""
    year = fiscal_year_of(today)
    if frequency == Frequency.YEARLY:
        return None  # a yearly result is due after the year, in the next one's first weeks
    periods = fiscal_months(year) if frequency == Frequency.MONTHLY else fiscal_quarters(year)
    ended = [p for p in periods if p.end < today]
    return (year, ended[-1].number) if ended else None


def results_due(user: User, *, today: datetime.date | None = None) -> list[WorkLine]:
    """The period just ended of each program and frequency the province reports, while its
    figures are not yet submitted (nor sent back: those are ``periods_returned``): two
    queries, three when something is due."""
    if not user.province_id or not user.can_enter_data:
        return []
    today = today or _today()
    year = fiscal_year_of(today)
    programs = Program.objects.active().operating_in(user.province_id).values("pk")
    pairs = (
        Indicator.objects.filter(objective__program__in=programs, objective__fiscal_year=year)
        .filter(Q(province__isnull=True) | Q(province_id=user.province_id))
        .values_list("objective__program", "frequency")
        .distinct()
    )
    wanted = {}
    for program_id, frequency in pairs:
        ended = _ended_period(frequency, today)
        if ended:
            wanted[(program_id, frequency, ended[1])] = ended[0]
    if not wanted:
        return []
    # Sent already, or sent back (then it is a line of "returned", not counted twice).
    done = set(
        PeriodApproval.objects.filter(province_id=user.province_id, fiscal_year=year)
        .exclude(state=ApprovalState.DRAFT)
        .values_list("program_id", "frequency", "period")
    )
    by_id = Program.objects.in_bulk({program_id for program_id, _f, _p in wanted})
    lines = []
    for (program_id, frequency, number), fiscal_year in sorted(wanted.items()):
        if (program_id, frequency, number) in done:
            continue
        program = by_id[program_id]
        period = period_of(frequency, number)
        lines.append(
            WorkLine(
                title=_("%(program)s %(period)s ปีงบประมาณ %(year)s")
                % {
                    "program": program.short_name or program.name_th,
                    "period": period.label,
                    "year": fiscal_year,
                },
                detail=_("ถึงกำหนดรายงานผล ยังไม่ส่งรับรอง"),
                url=reverse(
                    "programs:results_entry", args=[program.slug, fiscal_year, period.token]
                ),
            )
        )
    return lines


def my_work(user: User, *, counts: dict[str, int] | None = None) -> list[WorkSection]:
    """The sections of งานของฉัน for ``user``, each with its first lines and its count."""
    if user.is_administrator:
        return []  # administrators manage; the work belongs to the provinces
    today = _today()
    sections = _sections_of(user)
    counts = counts if counts is not None else work_counts(user)
    result = []
    for key, queryset in sections.items():
        if key not in TITLES:
            continue
        total = counts.get(key, 0)
        section = WorkSection(key=key, title=str(TITLES[key]), total=total, empty=str(EMPTY[key]))
        if total:
            section.lines = LINES[key](queryset, today)
        result.append(section)
        if key == "returned":
            due = results_due(user, today=today) if counts.get("due", 1) else []
            result.append(
                WorkSection(
                    key="due",
                    title=_("ผลตัวชี้วัดที่ถึงกำหนดรายงาน"),
                    total=len(due),
                    lines=due,
                    empty=_("ไม่มีผลที่ค้างส่ง"),
                )
            )
    return result


TITLES = {
    "actions": gettext_lazy("ข้อสั่งการที่เลยกำหนดและใกล้ถึงกำหนด"),
    "overdue": gettext_lazy("ข้อสั่งการที่เลยกำหนด"),
    "minutes": gettext_lazy("รายงานการประชุมที่ต้องจัดทำหรือแก้ไข"),
    "check": gettext_lazy("รายงานการประชุมที่รอตรวจ"),
    "approve": gettext_lazy("ผลตัวชี้วัดที่รอการรับรอง"),
    "returned": gettext_lazy("ผลตัวชี้วัดที่ถูกส่งกลับให้แก้ไข"),
    "meetings": gettext_lazy("การประชุมที่จะถึง"),
    "approved": gettext_lazy("ผลที่รับรองล่าสุด"),
    "visits": gettext_lazy("การตรวจเยี่ยมในวันข้างหน้า"),
    "sheets": gettext_lazy("แบบให้คะแนนที่ยังไม่ได้ส่ง"),
}
EMPTY = {
    "actions": gettext_lazy("ไม่มีข้อสั่งการที่เลยกำหนดหรือใกล้ถึงกำหนด"),
    "overdue": gettext_lazy("ไม่มีข้อสั่งการที่เลยกำหนด"),
    "minutes": gettext_lazy("ไม่มีรายงานการประชุมค้าง"),
    "check": gettext_lazy("ไม่มีรายงานการประชุมที่รอตรวจ"),
    "approve": gettext_lazy("ไม่มีผลที่รอการรับรอง"),
    "returned": gettext_lazy("ไม่มีผลที่ถูกส่งกลับ"),
    "meetings": gettext_lazy("ไม่มีการประชุมในช่วงนี้"),
    "approved": gettext_lazy("ยังไม่มีผลที่รับรอง"),
    "visits": gettext_lazy("ไม่มีการตรวจเยี่ยมในช่วงนี้"),
    "sheets": gettext_lazy("ส่งแบบให้คะแนนครบแล้ว"),
}
LINES = {
    "actions": _action_lines,
    "overdue": _action_lines,
    "minutes": lambda qs, today: _meeting_lines(qs, _minutes_detail),
    "check": lambda qs, today: _meeting_lines(
        qs,
        lambda m: (
            _("ส่งตรวจเมื่อ %(when)s โดย %(who)s")
            % {"when": format_thai_datetime(m.submitted_at), "who": m.recorder_name}
        ),
    ),
    "meetings": lambda qs, today: _meeting_lines(
        qs,
        lambda m: (
            _("%(date)s · %(venue)s")
            % {"date": format_thai_date(m.date), "venue": m.venue or _("ยังไม่ระบุสถานที่")}
        ),
    ),
    "approve": lambda qs, today: _period_lines(
        qs,
        page="period_approval",
        detail=lambda a: _("ส่งรับรองเมื่อ %(when)s") % {"when": format_thai_datetime(a.submitted_at)},
    ),
    "returned": lambda qs, today: _period_lines(
        qs, page="period_approval", detail=lambda a: _("เหตุผล: %(reason)s") % {"reason": a.reason}
    ),
    "approved": lambda qs, today: _period_lines(
        qs,
        page="period_approval",
        detail=lambda a: (
            _("จังหวัด%(province)s · รับรองเมื่อ %(when)s")
            % {"province": a.province.name_th, "when": format_thai_datetime(a.approved_at)}
        ),
    ),
    "visits": lambda qs, today: _visit_lines(
        qs,
        lambda v: (
            _("%(when)s · %(round)s")
            % {"when": format_thai_datetime(v.scheduled_at), "round": v.round.name}
        ),
    ),
    "sheets": lambda qs, today: _visit_lines(
        qs,
        lambda v: (
            _("ตรวจเยี่ยมเมื่อ %(when)s · ระบบยังไม่ได้รับแบบให้คะแนนของท่าน")
            % {"when": format_thai_datetime(v.scheduled_at)}
        ),
    ),
}
