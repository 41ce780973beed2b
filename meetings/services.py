"""Writes of the meetings app: committees, meetings and their agenda, attendance, action
items, the minutes workflow (draft → submitted → checked → certified), amendments and
attachments. Every write keeps the Thai search column (``search_text``) current.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.uploads import cleaned_upload
from meetings.models import (
    CHECKER_IS_RECORDER,
    OPEN_ACTION_STATUSES,
    ActionItem,
    ActionItemUpdate,
    ActionStatus,
    AgendaItem,
    AgendaPart,
    Attachment,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeMember,
    Meeting,
    MinutesAmendment,
    MinutesStatus,
)
from meetings.signals import action_item_reassigned, minutes_status_changed
from meetings.thai_search import refresh_vectors, segment
from thai.dates import format_thai_date

PART_TITLES = {
    AgendaPart.ANNOUNCEMENTS: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    AgendaPart.CERTIFY: "รับรองรายงานการประชุม",
    AgendaPart.FOLLOW_UP: "เรื่องสืบเนื่อง",
    AgendaPart.FOR_CONSIDERATION: "เรื่องเพื่อพิจารณา",
    AgendaPart.OTHER: "เรื่องอื่น ๆ",
}
AMENDABLE_FIELDS = ("title", "presenter", "discussion", "resolution")
TEMPORARY_SUB = 30000  # a free slot while two agenda items swap numbers


class ConcurrentEditError(ValidationError):
    """Someone saved the same text after it was loaded; ``current`` is their version."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "มีผู้อื่นบันทึกรายการนี้หลังจากที่คุณเปิดแก้ไข จึงยังไม่ได้บันทึกข้อความของคุณ "
                "ข้อความของคุณยังอยู่ในช่องกรอก โปรดเทียบกับฉบับล่าสุดด้านล่างแล้วบันทึกอีกครั้ง"
            ),
            code="stale_version",
        )


class MinutesLockedError(ValidationError):
    def __init__(self, meeting):
        if meeting.is_certified:
            message = _("รายงานการประชุมนี้รับรองแล้ว แก้ไขได้โดยการบันทึกการแก้ไข (พร้อมเหตุผล) เท่านั้น")
        else:
            message = _("รายงานการประชุมนี้ตรวจแล้ว ต้องส่งกลับเป็นร่างก่อนจึงแก้ไขได้")
        super().__init__(message, code="locked")


# --- Search index --------------------------------------------------------------------


def meeting_search_text(meeting: Meeting) -> str:
    return segment(
        meeting.title,
        meeting.committee.name,
        f"ครั้งที่ {meeting.number_label}",
        meeting.venue,
        meeting.host_site,
        meeting.chair_name,
        meeting.chair_position,
    )


def agenda_item_search_text(item: AgendaItem) -> str:
    return segment(item.title, item.presenter, item.discussion, item.resolution)


def action_item_search_text(action: ActionItem) -> str:
    return segment(action.description, action.responsible)


def _save_indexed(obj, search_text: str) -> None:
    """Save with its search text; on PostgreSQL also its stored search vector."""
    obj.search_text = search_text
    obj.save()
    refresh_vectors(type(obj), [obj.pk])


# --- Committees ----------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *,
    name: str,
    provinces: Iterable,
    programs: Iterable = (),
    numbering: str = "calendar",
    is_active: bool = True,
    members: list[dict] | None = None,
) -> Committee:
    committee = Committee(name=name, numbering=numbering, is_active=is_active)
    committee.full_clean()
    committee.save()
    provinces = list(provinces)
    if not provinces:
        raise ValidationError({"provinces": _("ระบุจังหวัดอย่างน้อยหนึ่งจังหวัด")})
    committee.provinces.set(provinces)
    committee.programs.set(list(programs))
    if members:
        committee_members_save(committee=committee, members=members)
    return committee


@transaction.atomic
def committee_update(
    *,
    committee: Committee,
    name: str,
    provinces: Iterable,
    programs: Iterable = (),
    numbering: str,
    is_active: bool = True,
    members: list[dict] | None = None,
) -> Committee:
    provinces = list(provinces)
    if not provinces:
        raise ValidationError({"provinces": _("ระบุจังหวัดอย่างน้อยหนึ่งจังหวัด")})
    committee.name = name
    committee.numbering = numbering
    committee.is_active = is_active
    committee.full_clean()
    committee.save()
    committee.provinces.set(provinces)
    committee.programs.set(list(programs))
    if members is not None:
        committee_members_save(committee=committee, members=members)
    return committee


@transaction.atomic
def committee_members_save(*, committee: Committee, members: list[dict]) -> list[CommitteeMember]:
    """Add, change or remove seats. A seat with attendance is kept, marked no longer active."""
    saved = []
    for order, row in enumerate(members, start=1):
        member = None
        if row.get("id"):
            member = CommitteeMember.objects.get(pk=row["id"], committee=committee)
        if row.get("delete"):
            if member is None:
                continue
            if member.attendances.exists():
                member.is_active = False
                member.save()
            else:
                member.delete()
            continue
        member = member or CommitteeMember(committee=committee)
        member.name = row.get("name", "")
        member.position = row["position"]
        member.role = row.get("role") or "member"
        member.order = row.get("order") or order
        member.is_active = row.get("is_active", True)
        member.full_clean()
        member.save()
        saved.append(member)
    return saved


# --- Meetings ------------------------------------------------------------------------


def meeting_proposed_number(*, committee: Committee, year: int) -> int:
    """The next free number of the committee in that (calendar or fiscal) year."""
    last = committee.meetings.filter(year=year).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def meeting_previous(meeting: Meeting) -> Meeting | None:
    """The committee's meeting just before this one, by year and number."""
    earlier = Meeting.objects.filter(committee_id=meeting.committee_id).filter(
        Q(year__lt=meeting.year) | Q(year=meeting.year, number__lt=meeting.number)
    )
    return earlier.exclude(pk=meeting.pk).order_by("-year", "-number").first()


def certify_title(previous: Meeting | None) -> str:
    if previous is None:
        return _("รับรองรายงานการประชุม (ไม่มี เป็นการประชุมครั้งแรก)")
    return _("รับรองรายงานการประชุมครั้งที่ %(number)s") % {"number": previous.number_label}


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    date: datetime.date,
    created_by=None,
    number: int | None = None,
    **fields,
) -> Meeting:
    """A new meeting with its five agenda parts; agenda 2 names the previous meeting and
    agenda 3 carries the open action items of the committee's earlier meetings."""
    year = committee.meeting_year_of(date)
    if number is None:
        number = meeting_proposed_number(committee=committee, year=year)
    if not fields.get("chair_name"):
        chair = committee.members.filter(role="chair", is_active=True).first()
        if chair:
            fields.setdefault("chair_name", chair.name)
            fields["chair_position"] = fields.get("chair_position") or chair.position
    meeting = Meeting(
        committee=committee, date=date, year=year, number=number, created_by=created_by, **fields
    )
    meeting.full_clean()
    _save_indexed(meeting, meeting_search_text(meeting))

    previous = meeting_previous(meeting)
    for part in AgendaPart:
        item = AgendaItem(meeting=meeting, part=part, sub=0, title=PART_TITLES[part])
        if part == AgendaPart.CERTIFY:
            item.title = certify_title(previous)
            item.certifies = previous
        _save_indexed(item, agenda_item_search_text(item))
    _carry_forward(meeting)
    return meeting


def _carry_forward(meeting: Meeting) -> list[AgendaItem]:
    """Open action items of earlier meetings become sub-items of agenda 3 (เรื่องสืบเนื่อง)."""
    earlier = Meeting.objects.filter(committee_id=meeting.committee_id).filter(
        Q(year__lt=meeting.year) | Q(year=meeting.year, number__lt=meeting.number)
    )
    open_items = (
        ActionItem.objects.filter(agenda_item__meeting__in=earlier, status__in=OPEN_ACTION_STATUSES)
        .select_related("agenda_item__meeting")
        .order_by("agenda_item__meeting__year", "agenda_item__meeting__number",
                  "agenda_item__part", "agenda_item__sub", "order", "pk")
    )  # fmt: skip
    carried = []
    for sub, action in enumerate(open_items, start=1):
        source = action.agenda_item
        details = [
            _("ข้อสั่งการจากการประชุมครั้งที่ %(number)s ระเบียบวาระที่ %(item)s")
            % {"number": source.meeting.number_label, "item": source.number},
            _("ผู้รับผิดชอบ: %(who)s") % {"who": action.responsible},
            _("สถานะ: %(status)s") % {"status": action.get_status_display()},
        ]
        if action.due_date:
            details.append(_("กำหนดเสร็จ: %(date)s") % {"date": format_thai_date(action.due_date)})
        latest = action.updates.first()
        if latest and latest.note:
            details.append(_("ความคืบหน้าล่าสุด: %(note)s") % {"note": latest.note})
        item = AgendaItem(
            meeting=meeting,
            part=AgendaPart.FOLLOW_UP,
            sub=sub,
            title=action.description[:1000],
            presenter=action.responsible[:500],
            discussion="\n".join(details),
            carried_action_item=action,
        )
        item.full_clean()
        _save_indexed(item, agenda_item_search_text(item))
        carried.append(item)
    return carried


def _locked_meeting(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """The meeting row, locked for this transaction; refused when stale or not editable."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current)
    return current


def _require_editable(meeting: Meeting) -> None:
    if not meeting.is_editable:
        raise MinutesLockedError(meeting)


MEETING_FIELDS = (
    "title", "start_time", "end_time", "venue", "is_online", "host_site", "chair_name",
    "chair_position", "on_behalf_of_name", "on_behalf_of_position", "recorder_name",
    "recorder_position", "checker_name", "checker_position",
)  # fmt: skip


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, expected_version: int, date: datetime.date, number: int, **fields
) -> Meeting:
    """Change the meeting's header (date, times, place, chair); the second of two
    concurrent saves is refused (``ConcurrentEditError``)."""
    current = _locked_meeting(meeting, expected_version)
    _require_editable(current)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(current, name, value)
    current.date = date
    current.year = current.committee.meeting_year_of(date)
    current.number = number
    current.version += 1
    current.full_clean()
    _save_indexed(current, meeting_search_text(current))
    return current


@transaction.atomic
def attendance_record(*, meeting: Meeting, members: list[dict], attendees: list[dict]) -> int:
    """Replace the meeting's attendance: one line per member (present, substitute or absent
    with reason) and the non-member attendees (ผู้เข้าร่วมประชุม)."""
    current = _locked_meeting(meeting)
    _require_editable(current)
    current.attendances.all().delete()
    lines = []
    for order, row in enumerate(members, start=1):
        member: CommitteeMember = row["member"]
        status = row["status"]
        line = Attendance(
            meeting=current,
            member=member,
            status=status,
            name=member.name,
            position=member.position,
            substitute_name=row.get("substitute_name", "") if status == "substitute" else "",
            substitute_position=(
                row.get("substitute_position", "") if status == "substitute" else ""
            ),
            absence_reason=row.get("absence_reason", "") if status == "absent" else "",
            order=order,
        )
        lines.append(line)
    for order, row in enumerate(attendees, start=len(lines) + 1):
        lines.append(
            Attendance(
                meeting=current,
                status=AttendanceStatus.ATTENDEE,
                name=row["name"],
                position=row.get("position", ""),
                order=order,
            )
        )
    for line in lines:
        line.full_clean(exclude=["meeting"])
    # With history, so that the audit log shows who recorded the attendance.
    bulk_create_with_history(lines, Attendance)
    return len(lines)


# --- Agenda items --------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    part: int,
    title: str,
    presenter: str = "",
    discussion: str = "",
    resolution: str = "",
) -> AgendaItem:
    current = _locked_meeting(meeting)
    _require_editable(current)
    last = current.agenda_items.filter(part=part).aggregate(last=Max("sub"))["last"]
    item = AgendaItem(
        meeting=current,
        part=part,
        sub=(last or 0) + 1,
        title=title,
        presenter=presenter,
        discussion=discussion,
        resolution=resolution,
    )
    item.full_clean()
    _save_indexed(item, agenda_item_search_text(item))
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    expected_version: int,
    title: str,
    presenter: str = "",
    discussion: str = "",
    resolution: str = "",
) -> AgendaItem:
    """Save an agenda item's text; refused if someone saved it since ``expected_version``."""
    _require_editable(Meeting.objects.get(pk=item.meeting_id))
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if current.version != expected_version:
        raise ConcurrentEditError(current)
    current.title = title
    current.presenter = presenter
    current.discussion = discussion
    current.resolution = resolution
    current.version += 1
    current.full_clean()
    _save_indexed(current, agenda_item_search_text(current))
    return current


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap a sub-item with its neighbour in the same part (``up`` or ``down``)."""
    current = _locked_meeting(item.meeting)
    _require_editable(current)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.sub == 0:
        raise ValidationError(_("ย้ายได้เฉพาะเรื่องย่อยในระเบียบวาระ"))
    siblings = AgendaItem.objects.filter(meeting=current, part=item.part, sub__gte=1)
    if direction == "up":
        neighbour = siblings.filter(sub__lt=item.sub).order_by("-sub").first()
    elif direction == "down":
        neighbour = siblings.filter(sub__gt=item.sub).order_by("sub").first()
    else:
        raise ValidationError(_("ทิศทางไม่ถูกต้อง"))
    if neighbour is None:
        return item
    mine, theirs = item.sub, neighbour.sub
    # Numbers are unique per part: park one in a free slot while the other moves.
    # Saved one by one (not queryset.update) so that each move is in the change history.
    _renumber(item, TEMPORARY_SUB)
    _renumber(neighbour, mine)
    _renumber(item, theirs)
    return item


def _renumber(item: AgendaItem, sub: int) -> None:
    item.sub = sub
    item.save(update_fields=["sub"])


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    current = _locked_meeting(item.meeting)
    _require_editable(current)
    if item.sub == 0:
        raise ValidationError(_("ลบหัวข้อระเบียบวาระหลักไม่ได้"))
    part, sub = item.part, item.sub
    item.delete()
    for later in AgendaItem.objects.filter(meeting=current, part=part, sub__gt=sub).order_by("sub"):
        _renumber(later, later.sub - 1)


# --- Action items --------------------------------------------------------------------


@transaction.atomic
def action_item_add(
    *,
    agenda_item: AgendaItem,
    description: str,
    responsible: str,
    due_date: datetime.date | None = None,
    status: str = ActionStatus.OPEN,
) -> ActionItem:
    current = _locked_meeting(agenda_item.meeting)
    _require_editable(current)
    last = agenda_item.action_items.aggregate(last=Max("order"))["last"]
    action = ActionItem(
        agenda_item=agenda_item,
        description=description,
        responsible=responsible,
        due_date=due_date,
        status=status,
        order=(last or 0) + 1,
    )
    action.full_clean()
    _save_indexed(action, action_item_search_text(action))
    return action


@transaction.atomic
def action_item_set_status(
    *, action_item: ActionItem, status: str, note: str = "", updated_by
) -> ActionItemUpdate:
    """Record progress on an action item (allowed after the minutes are certified: the
    follow-up happens after the meeting)."""
    action = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    action.status = status
    action.full_clean()
    action.save()
    update = ActionItemUpdate(action_item=action, status=status, note=note, updated_by=updated_by)
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def action_item_reassign(
    *, action_item: ActionItem, responsible: str, reason: str = "", reassigned_by
) -> ActionItemUpdate:
    """Give an open action item to another responsible agency or person (allowed after
    the minutes are certified, as progress is). The change is kept as a progress entry
    saying who gave it to whom and why; the officers of the committee's provinces hear."""
    action = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    responsible = " ".join(responsible.split())
    previous = action.responsible
    if not action.is_open:
        raise ValidationError(
            _("ข้อสั่งการนี้ปิดแล้ว (%(status)s) จึงเปลี่ยนผู้รับผิดชอบไม่ได้")
            % {"status": action.get_status_display()},
            code="closed",
        )
    if not responsible:
        raise ValidationError({"responsible": _("กรุณากรอกผู้รับผิดชอบใหม่")}, code="required")
    if responsible == previous:
        raise ValidationError(
            {"responsible": _("ผู้รับผิดชอบใหม่ต้องไม่ใช่ผู้รับผิดชอบเดิม (%(who)s)") % {"who": previous}},
            code="unchanged",
        )
    action.responsible = responsible
    action.full_clean()
    _save_indexed(action, action_item_search_text(action))
    note = _("เปลี่ยนผู้รับผิดชอบจาก %(previous)s เป็น %(responsible)s") % {
        "previous": previous,
        "responsible": responsible,
    }
    if reason.strip():
        note += " · " + _("เหตุผล: %(reason)s") % {"reason": reason.strip()}
    update = ActionItemUpdate(
        action_item=action, status=action.status, note=note, updated_by=reassigned_by
    )
    update.full_clean()
    update.save()
    action_item_reassigned.send(
        ActionItem, action_item=action, previous=previous, by=reassigned_by, update=update
    )
    return update


@transaction.atomic
def action_item_move(*, action_item: ActionItem, direction: str) -> ActionItem:
    current = _locked_meeting(action_item.agenda_item.meeting)
    _require_editable(current)
    siblings = list(
        ActionItem.objects.filter(agenda_item_id=action_item.agenda_item_id).order_by("order", "pk")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == action_item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError(_("ทิศทางไม่ถูกต้อง"))
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, action in enumerate(siblings, start=1):
        if action.order != order:
            action.order = order
            action.save(update_fields=["order"])  # recorded in the change history
    return ActionItem.objects.get(pk=action_item.pk)


@transaction.atomic
def action_item_delete(*, action_item: ActionItem) -> None:
    current = _locked_meeting(action_item.agenda_item.meeting)
    _require_editable(current)
    action_item.delete()


# --- Minutes workflow ----------------------------------------------------------------


def _transition(meeting: Meeting, allowed_from: set[str], to: str, message: str) -> Meeting:
    current = _locked_meeting(meeting)
    if current.minutes_status not in allowed_from:
        raise ValidationError(message, code="wrong_status")
    current.minutes_status = to
    current.version += 1
    return current


@transaction.atomic
def meeting_submit(*, meeting: Meeting, submitted_by) -> Meeting:
    """The recorder sends the draft minutes to the checker (ผู้ตรวจรายงานการประชุม)."""
    current = _transition(
        meeting, {MinutesStatus.DRAFT}, MinutesStatus.SUBMITTED,
        _("ส่งตรวจได้เฉพาะรายงานการประชุมที่เป็นร่าง"),
    )  # fmt: skip
    if not current.recorder_name:
        current.recorder_name = submitted_by.get_full_name() or submitted_by.username
        current.recorder_position = current.recorder_position or submitted_by.position
    current.recorded_by = submitted_by
    current.submitted_at = timezone.now()
    current.full_clean()
    current.save()
    minutes_status_changed.send(Meeting, meeting=current, action="submitted", by=submitted_by)
    return current


@transaction.atomic
def meeting_check(*, meeting: Meeting, checked_by) -> Meeting:
    """The checker has read the submitted minutes; they wait for the next meeting."""
    current = _transition(
        meeting, {MinutesStatus.SUBMITTED}, MinutesStatus.CHECKED,
        _("ตรวจได้เฉพาะรายงานการประชุมที่ส่งตรวจแล้ว"),
    )  # fmt: skip
    if current.recorded_by_id is not None and current.recorded_by_id == checked_by.pk:
        raise ValidationError(CHECKER_IS_RECORDER, code="checker_is_recorder")
    if not current.checker_name:
        current.checker_name = checked_by.get_full_name() or checked_by.username
        current.checker_position = current.checker_position or checked_by.position
    current.checked_by = checked_by
    current.checked_at = timezone.now()
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def meeting_return_to_draft(*, meeting: Meeting) -> Meeting:
    current = _transition(
        meeting, {MinutesStatus.SUBMITTED, MinutesStatus.CHECKED}, MinutesStatus.DRAFT,
        _("รายงานการประชุมที่รับรองแล้วส่งกลับเป็นร่างไม่ได้"),
    )  # fmt: skip
    current.full_clean()
    current.save()
    minutes_status_changed.send(Meeting, meeting=current, action="returned", by=None)
    return current


@transaction.atomic
def meeting_certify(*, meeting: Meeting, certifying_meeting: Meeting, certified_by) -> Meeting:
    """Meeting n's minutes are certified in agenda 2 of meeting n+1; then they are locked.
    Whoever records the certification is not the one who recorded the minutes."""
    if certifying_meeting.committee_id != meeting.committee_id or (
        meeting_previous(certifying_meeting) != meeting
    ):
        raise ValidationError(
            _("รายงานการประชุมรับรองได้ในการประชุมครั้งถัดไปของคณะกรรมการเดียวกันเท่านั้น"),
            code="not_next_meeting",
        )
    current = _transition(
        meeting, {MinutesStatus.CHECKED}, MinutesStatus.CERTIFIED,
        _("รับรองได้เฉพาะรายงานการประชุมที่ผ่านการตรวจแล้ว"),
    )  # fmt: skip
    if current.recorded_by_id is not None and current.recorded_by_id == certified_by.pk:
        raise ValidationError(
            _(
                "ผู้บันทึกการรับรองรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน "
                "คุณเป็นผู้จดรายงานการประชุมครั้งที่ %(number)s ให้ผู้อื่นบันทึกการรับรอง"
            )
            % {"number": current.number_label},
            code="certifier_is_recorder",
        )
    current.certified_in = certifying_meeting
    current.certified_by = certified_by
    current.certified_at = timezone.now()
    current.full_clean()
    current.save()
    minutes_status_changed.send(Meeting, meeting=current, action="certified", by=certified_by)
    item = certifying_meeting.agenda_items.filter(part=AgendaPart.CERTIFY, sub=0).first()
    if item is not None and certifying_meeting.is_editable:
        item.certifies = current
        if not item.resolution:
            item.resolution = _("ที่ประชุมมีมติรับรองรายงานการประชุมครั้งที่ %(number)s") % {
                "number": current.number_label
            }
        item.version += 1
        _save_indexed(item, agenda_item_search_text(item))
    return current


@transaction.atomic
def minutes_amend(
    *, agenda_item: AgendaItem, field_name: str, text: str, reason: str, amended_by
) -> MinutesAmendment:
    """Correct certified minutes: the change is recorded with who, when and why, and the
    agenda item's history shows the text before and after."""
    meeting = _locked_meeting(agenda_item.meeting)
    if not meeting.is_certified:
        raise ValidationError(
            _("บันทึกการแก้ไขใช้กับรายงานการประชุมที่รับรองแล้ว ร่างรายงานแก้ไขได้โดยตรง"),
            code="not_certified",
        )
    if field_name not in AMENDABLE_FIELDS:
        raise ValidationError({"field_name": _("แก้ไขส่วนนี้ไม่ได้")})
    if not reason.strip():
        raise ValidationError({"reason": _("ระบุเหตุผลการแก้ไข")})
    item = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
    before = getattr(item, field_name)
    if before == text:
        raise ValidationError({"text": _("ข้อความที่แก้ไขเหมือนข้อความเดิม")})
    amendment = MinutesAmendment(
        meeting=meeting,
        agenda_item=item,
        field_name=field_name,
        before=before,
        after=text,
        reason=reason,
        amended_by=amended_by,
    )
    amendment.full_clean()
    amendment.save()
    setattr(item, field_name, text)
    item.version += 1
    item.full_clean()
    item._change_reason = reason  # simple-history keeps why beside the change
    _save_indexed(item, agenda_item_search_text(item))
    return amendment


# --- Attachments ---------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, meeting: Meeting, file, uploaded_by, agenda_item: AgendaItem | None = None,
    description: str = "",
) -> Attachment:  # fmt: skip
    """Check the file from its bytes and size, then store it through the storage API."""
    kind, cleaned = cleaned_upload(file)
    attachment = Attachment(
        meeting=meeting,
        agenda_item=agenda_item,
        original_name=cleaned.name,
        content_type=kind.content_type,
        size=cleaned.size,
        description=description,
        uploaded_by=uploaded_by,
    )
    attachment.full_clean(exclude=["file"])
    attachment.file.save(cleaned.name, cleaned, save=False)  # the configured default storage
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
