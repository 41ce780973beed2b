"""Reads of the meetings app; each takes the user and reads through ``for_user``."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.scoping import Action
from meetings import thai_search
from meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaPart,
    Attendance,
    AttendanceStatus,
    Committee,
    Meeting,
)
from meetings.services import meeting_previous
from programs.models import Province
from thai.dates import format_thai_date


def committee_list(*, user) -> QuerySet[Committee]:
    return (
        Committee.objects.for_user(user, Action.VIEW)
        .prefetch_related("provinces", "programs")
        .annotate(meeting_count=Count("meetings"))
        .order_by("name", "pk")
    )


def meeting_list(*, user) -> QuerySet[Meeting]:
    return (
        Meeting.objects.for_user(user, Action.VIEW)
        .select_related("committee")
        .prefetch_related("committee__provinces")
    )


@dataclass
class AgendaPartView:
    part: int
    heading: AgendaItem | None
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def entries(self) -> list[AgendaItem]:
        """The heading item, then the numbered ones: the editor draws them alike."""
        return ([self.heading] if self.heading else []) + self.items


def meeting_agenda(meeting: Meeting) -> list[AgendaPartView]:
    """The five parts in order, each with its heading item and numbered sub-items."""
    items = (
        meeting.agenda_items.select_related("carried_action_item__agenda_item__meeting")
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.order_by("order", "pk").prefetch_related(
                    "updates__updated_by"
                ),
            ),
        )
        .order_by("part", "sub")
    )
    parts = {part.value: AgendaPartView(part.value, None) for part in AgendaPart}
    for item in items:
        if item.sub == 0:
            parts[item.part].heading = item
        else:
            parts[item.part].items.append(item)
    return list(parts.values())


def open_action_items(*, user, province_code: str | None = None) -> QuerySet[ActionItem]:
    """Open and in-progress action items in the user's scope, overdue ones first."""
    actions = ActionItem.objects.for_user(user, Action.VIEW).still_open()
    if province_code:
        actions = actions.in_province(province_code)
    return actions.select_related("agenda_item__meeting__committee").overdue_first()


def provinces_with_committees(*, user) -> QuerySet[Province]:
    through = Committee.provinces.through
    codes = through.objects.filter(
        committee__in=Committee.objects.for_user(user, Action.VIEW).values("pk")
    ).values("province_id")
    return Province.objects.filter(pk__in=codes).order_by("code")


# --- The minutes document (Form 11) --------------------------------------------------


@dataclass
class MinutesDocument:
    """Everything the official minutes show, in order; the print view and the PDF of the
    reports issue render the same object."""

    meeting: Meeting
    heading: str
    number_line: str
    date_line: str
    place_line: str
    present: list[Attendance]
    absent: list[Attendance]
    attendees: list[Attendance]
    chair_line: str
    start_time: str
    end_time: str
    parts: list[AgendaPartView]
    recorder_name: str
    recorder_position: str
    checker_name: str
    checker_position: str
    amendments: list


def _time(value) -> str:
    return _("%(h)s.%(m)02d น.") % {"h": value.hour, "m": value.minute} if value else ""


def minutes_document(meeting: Meeting) -> MinutesDocument:
    lines = list(meeting.attendances.select_related("member").order_by("order", "pk"))
    present = [
        a for a in lines if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)
    ]
    place = meeting.venue
    if meeting.is_online:
        host = meeting.host_site or meeting.venue
        # "ณ <host> (ผ่าน…)": the line already starts with ณ.
        place = _("%(host)s (ผ่านระบบการประชุมทางไกล Video Conference)") % {"host": host}
    chair_line = ""
    if meeting.chair_name:
        chair_line = f"{meeting.chair_name} {meeting.chair_position}".strip()
        if meeting.on_behalf_of_name or meeting.on_behalf_of_position:
            chair_line += " " + _("ทำหน้าที่ประธานในที่ประชุมแทน %(who)s") % {
                "who": f"{meeting.on_behalf_of_name} {meeting.on_behalf_of_position}".strip()
            }
        else:
            chair_line += " " + _("ประธานในที่ประชุม")
    return MinutesDocument(
        meeting=meeting,
        heading=_("รายงานการประชุม%(title)s")
        % {"title": meeting.display_title.removeprefix("การประชุม")},
        number_line=_("ครั้งที่ %(number)s") % {"number": meeting.number_label},
        date_line=_("เมื่อ%(date)s") % {"date": format_thai_date(meeting.date, "full")},
        place_line=_("ณ %(place)s") % {"place": place},
        present=present,
        absent=[a for a in lines if a.status == AttendanceStatus.ABSENT],
        attendees=[a for a in lines if a.status == AttendanceStatus.ATTENDEE],
        chair_line=chair_line,
        start_time=_time(meeting.start_time),
        end_time=_time(meeting.end_time),
        parts=meeting_agenda(meeting),
        recorder_name=meeting.recorder_name,
        recorder_position=meeting.recorder_position,
        checker_name=meeting.checker_name,
        checker_position=meeting.checker_position,
        amendments=list(meeting.amendments.select_related("agenda_item", "amended_by")),
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return meeting_previous(meeting)


# --- Search --------------------------------------------------------------------------


@dataclass
class SearchResult:
    kind: str
    kind_label: str
    title: str
    meeting: Meeting
    snippet: str
    rank: float
    anchor: str = ""


def meetings_search(*, user, query: str, limit: int = 30) -> list[SearchResult]:
    """Meetings, agenda items (with their resolutions) and action items matching a Thai
    query, in the user's scope, best first."""
    results: list[SearchResult] = []
    meetings = Meeting.objects.for_user(user, Action.VIEW).select_related("committee")
    for match in thai_search.search(meetings, query, limit=limit):
        meeting = match.obj
        results.append(
            SearchResult("meeting", _("การประชุม"), str(meeting), meeting, match.snippet, match.rank)
        )
    items = AgendaItem.objects.for_user(user, Action.VIEW).select_related("meeting__committee")
    for match in thai_search.search(items, query, limit=limit):
        item = match.obj
        results.append(
            SearchResult(
                "agenda_item",
                _("ระเบียบวาระ"),
                _("วาระที่ %(number)s %(title)s") % {"number": item.number, "title": item.title},
                item.meeting,
                match.snippet,
                match.rank,
                f"item-{item.pk}",
            )
        )
    actions = ActionItem.objects.for_user(user, Action.VIEW).select_related(
        "agenda_item__meeting__committee"
    )
    for match in thai_search.search(actions, query, limit=limit):
        action = match.obj
        results.append(
            SearchResult(
                "action_item",
                _("ข้อสั่งการ"),
                action.description[:120],
                action.agenda_item.meeting,
                match.snippet,
                match.rank,
                f"action-{action.pk}",
            )
        )
    results.sort(key=lambda r: (-r.rank, -r.meeting.date.toordinal()))
    return results[:limit]


def meeting_counts(meetings: QuerySet[Meeting]) -> dict:
    return meetings.aggregate(
        total=Count("pk"),
        certified=Count("pk", filter=Q(minutes_status="certified")),
    )
