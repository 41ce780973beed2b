"""Demo committees and meetings from seeds 001 (Sisaket, meeting 3/2567) and 002 (ONCB
Region 5 video-conference follow-up, 21 Jan 2564).

Everything is created through the services, as an officer would: the five agenda parts,
agenda 2 naming the previous meeting, open action items carried into agenda 3, the
minutes workflow. Loading is idempotent: a committee is known by its name and is left
alone if it is already there.

What the seeds do not say is INVENTED and marked so below: Sisaket's meetings 1/2567 and
2/2567 (so that agenda 2 and the carry-forward have something to show), the members
other than those the seed names (by position, the usual composition of a provincial
TO BE NUMBER ONE committee), one substitute, and the wording of the resolutions of
meeting 3/2567 (the seed names the topics, not the resolutions).
"""

import datetime
from collections import Counter

from django.db import transaction

from accounts.models import User
from meetings.models import ActionStatus, Committee, Meeting
from meetings.services import (
    action_item_add,
    action_item_set_status,
    agenda_item_add,
    agenda_item_update,
    attendance_record,
    committee_create,
    meeting_certify,
    meeting_check,
    meeting_create,
    meeting_submit,
)
from programs.models import Program, Province

SSK_COMMITTEE = (
    "คณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ โครงการรณรงค์ป้องกันและแก้ไขปัญหา"
    "ยาเสพติด TO BE NUMBER ONE จังหวัดศรีสะเกษ"
)
SSK_MEMBERS = [
    ("นายอนุพงศ์ สุขสมนิตย์", "ผู้ว่าราชการจังหวัดศรีสะเกษ", "chair"),
    ("นายธาตรี สิริรุ่งวนิช", "รองผู้ว่าราชการจังหวัดศรีสะเกษ", "vice_chair"),
    # INVENTED names left empty: seats by position, as the seed lists them.
    ("", "ปลัดจังหวัดศรีสะเกษ", "member"),
    ("", "นายกองค์การบริหารส่วนจังหวัดศรีสะเกษ", "member"),
    ("", "ศึกษาธิการจังหวัดศรีสะเกษ", "member"),
    ("", "พัฒนาการจังหวัดศรีสะเกษ", "member"),
    ("", "ผู้อำนวยการโรงพยาบาลศรีสะเกษ", "member"),
    ("", "นายอำเภอเมืองศรีสะเกษ", "member"),
    ("นายทนง วีระแสงพงษ์", "นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ", "secretary"),
    (
        "",
        "หัวหน้ากลุ่มงานควบคุมโรคไม่ติดต่อ สุขภาพจิตและยาเสพติด สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
        "assistant_secretary",
    ),
]
SSK_VENUE = "ห้องประชุมลำดวนทอง โรงแรมพรหมพิมาน อำเภอเมืองศรีสะเกษ จังหวัดศรีสะเกษ"

ONCB_COMMITTEE = (
    "คณะประสานการพัฒนา มาตรการที่ 6 การฟื้นฟูและพัฒนา ตามแผนปฏิบัติการการแก้ไขปัญหาด้าน"
    "ยาเสพติดพื้นที่ชายแดนภาคเหนือแบบเบ็ดเสร็จ (โครงการขยายผลโครงการร้อยใจรักษ์)"
)
ONCB_PROVINCES = ["50", "57", "58", "56"]  # Chiang Mai, Chiang Rai, Mae Hong Son, Phayao
ONCB_MEMBERS = [
    ("นายไกรเลิศ ดาวเรือง", "ผู้อำนวยการสำนักงานป้องกันและปราบปรามยาเสพติดภาค 5 (ผอ.ปปส.ภ.5)",
     "chair"),
    ("นายจำเริญ ยุติธรรมสกุล",
     "รองผู้อำนวยการสถาบันส่งเสริมและพัฒนากิจกรรมปิดทองหลังพระ สืบสานแนวทางพระราชดำริ",
     "member"),
    ("", "ปลัดจังหวัดเชียงใหม่", "member"),
    ("", "ปลัดจังหวัดเชียงราย", "member"),
    ("", "ปลัดจังหวัดแม่ฮ่องสอน", "member"),
    ("", "ปลัดจังหวัดพะเยา", "member"),
    ("", "หัวหน้าสำนักงานจังหวัดเชียงใหม่", "member"),
    ("", "เจ้าหน้าที่สำนักงาน ป.ป.ส. ภาค 5", "secretary"),
]  # fmt: skip
ONCB_TITLE = (
    "การประชุมติดตามการดำเนินงานมาตรการที่ ๖ การฟื้นฟูและพัฒนา ภายใต้คณะประสานการพัฒนา "
    "ตามแผนปฏิบัติการการแก้ไขปัญหาด้านยาเสพติดพื้นที่ชายแดนภาคเหนือแบบเบ็ดเสร็จ ปีงบประมาณ ๒๕๖๔"
)
ONCB_RESOLUTIONS = [
    (
        "การทบทวนความเป็นมาและรายงานผลความก้าวหน้าการดำเนินงานการขยายผลโครงการร้อยใจรักษ์",
        "มุ่งเน้นการกระตุกต่อมคิด กระตุ้นต่อมทำ ให้ราชการและชุมชน ดำเนินการ และร่วมพาทำ ในพื้นที่ "
        "๔๗ หมู่บ้าน ๑๙ อำเภอ ๓๓ ตำบล ๔ จังหวัด",
        "ที่ประชุมรับทราบความเป็นมาและผลความก้าวหน้าการขยายผลโครงการร้อยใจรักษ์ "
        "ในพื้นที่ ๔๗ หมู่บ้าน ๓๓ ตำบล ๑๙ อำเภอ ๔ จังหวัด",
    ),
    (
        "การขับเคลื่อนการดำเนินการเพื่อจัดทำแผนหมู่บ้านเชิงคุณภาพ",
        "ดำเนินการแล้วเสร็จ ๑๓ หมู่บ้าน คงเหลือ ๓๔ หมู่บ้าน ภายใต้ความร่วมมือของทุกภาคส่วน "
        "โดยเฉพาะกลไกอำเภอโดยมีปลัดอำเภอประจำตำบล ประชาชนในพื้นที่ไม่น้อยกว่าร้อยละ ๗๕ และ AD1-3 "
        "เป็นกลไกที่สำคัญในการดำเนินการภายใต้แผนพัฒนาหมู่บ้านตามระเบียบของกระทรวงมหาดไทย",
        "ที่ประชุมกำหนดให้จัดทำแผนหมู่บ้านส่วนที่เหลือ ๓๔ หมู่บ้าน ระหว่างวันที่ ๒๕ มกราคม – "
        "๓๑ มีนาคม พ.ศ.๒๕๖๔ โดยมีประชาชนเข้าร่วมไม่น้อยกว่าร้อยละ ๗๕",
    ),
    (
        "ประเด็นเน้นย้ำการดำเนินงาน",
        "เร่งรัดการดำเนินงานการจัดทำแผนหมู่บ้านและการบูรณาการแผนงาน งบประมาณ ทั้งงบหลักของหน่วยงาน"
        "และการบูรณาการงบประมาณของหน่วยงาน Function ให้พึงระวังเรื่องปัญหาการแพร่ระบาดของโรคโควิด 19 "
        "การประกาศเจตนารมณ์ไม่ยุ่งเกี่ยวกับการเมืองระดับท้องถิ่นหรือระดับใด ๆ "
        "และเน้นการจัดทำแผนระบบ 1Plan ระดับตำบล อำเภอและจังหวัด",
        "ที่ประชุมมอบให้สำนักงานจังหวัดเป็นกลไกการดำเนินงานบูรณาการแผนงานงบประมาณ "
        "และขอให้ผู้ว่าราชการจังหวัดกำชับการดำเนินการในระดับพื้นที่ระดับอำเภอ",
    ),
    (
        "การดำเนินการในระยะต่อไปเพื่อให้เกิดความเป็นรูปธรรมในปีงบประมาณ ๒๕๖๔-๖๕",
        "– การขับเคลื่อนการดำเนินงานตามแผนหมู่บ้านทั้ง ๔๗ หมู่บ้านให้มีการขับเคลื่อนได้จริง\n"
        "– การประชุมบูรณาการแผนหมู่บ้าน ๔๗ หมู่บ้านระดับจังหวัด ระหว่างสำนักงาน ป.ป.ส. "
        "สถาบันส่งเสริมและพัฒนากิจกรรมปิดทองหลังพระ สืบสานแนวทางพระราชดำริ และจังหวัดทั้ง ๔ จังหวัด\n"
        "– สำนักงาน ปปส.ภาค ๕ สนับสนุนเจ้าหน้าที่ในการร่วมจัดทำแผนหมู่บ้าน/ชุมชนในพื้นที่สำคัญ",
        "ที่ประชุมเห็นชอบแนวทางการดำเนินการในระยะต่อไป โดยสำนักงาน ปปส.ภาค ๕ "
        "สนับสนุนเจ้าหน้าที่และกิจกรรมป้องกันยาเสพติดในพื้นที่ทั้ง ๔๗ หมู่บ้าน",
    ),
]


@transaction.atomic
def meetings_demo_load() -> dict[str, int]:
    """Create the demo committees and meetings that are missing; return what was created."""
    counts = Counter()
    if not Committee.objects.filter(name=SSK_COMMITTEE).exists():
        counts.update(_load_sisaket())
    if not Committee.objects.filter(name=ONCB_COMMITTEE).exists():
        counts.update(_load_oncb_region_5())
    counts.update(meetings_current_year_load())
    return dict(counts)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _program(slug: str) -> list[Program]:
    return list(Program.objects.filter(slug=slug))


def _members(rows) -> list[dict]:
    return [{"name": n, "position": p, "role": r} for n, p, r in rows]


def _fill(meeting: Meeting, items: list[tuple[str, str, str, str]]) -> list:
    """Add sub-items of agenda 4: (title, presenter, discussion, resolution)."""
    added = []
    for title, presenter, discussion, resolution in items:
        added.append(
            agenda_item_add(
                meeting=meeting,
                part=4,
                title=title,
                presenter=presenter,
                discussion=discussion,
                resolution=resolution,
            )  # fmt: skip
        )
    return added


def _heading(meeting: Meeting, part: int, *, discussion: str = "", resolution: str = ""):
    item = meeting.agenda_items.get(part=part, sub=0)
    return agenda_item_update(
        item=item, expected_version=item.version, title=item.title, presenter=item.presenter,
        discussion=discussion or item.discussion, resolution=resolution or item.resolution,
    )  # fmt: skip


def _present_all(meeting: Meeting, *, overrides: dict | None = None, attendees=()) -> None:
    overrides = overrides or {}
    rows = []
    for member in meeting.committee.members.order_by("order", "pk"):
        rows.append({"member": member, "status": "present", **overrides.get(member.position, {})})
    attendance_record(
        meeting=meeting,
        members=rows,
        attendees=[{"name": n, "position": p} for n, p in attendees],
    )


def _load_sisaket() -> Counter:
    counts = Counter()
    officer = _user("officer_ssk")
    # The officer records the minutes; someone else checks them and records their
    # certification (separation of duties): the demo has no account for the secretary.
    checker = _user("admin")
    committee = committee_create(
        name=SSK_COMMITTEE,
        provinces=Province.objects.filter(code="33"),
        programs=_program("to-be-number-one"),
        numbering="calendar",
        members=_members(SSK_MEMBERS),
    )
    counts["committees"] += 1
    deputy = {"chair_name": "นายธาตรี สิริรุ่งวนิช", "chair_position": "รองผู้ว่าราชการจังหวัดศรีสะเกษ"}
    secretary = {
        "recorder_name": "นายธนากร บุญมา",
        "recorder_position": "นักวิชาการสาธารณสุข สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
        "checker_name": "นายทนง วีระแสงพงษ์",
        "checker_position": "นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ",
    }

    # INVENTED: meetings 1/2567 and 2/2567, so that agenda 2 and agenda 3 of 3/2567 show.
    first = meeting_create(
        committee=committee, date=datetime.date(2024, 3, 14), created_by=officer,
        venue="ห้องประชุมศาลากลางจังหวัดศรีสะเกษ", start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0), **deputy, **secretary,
    )  # fmt: skip
    _present_all(first)
    (plan,) = _fill(first, [(
        "แผนการดำเนินงานโครงการ TO BE NUMBER ONE จังหวัดศรีสะเกษ ประจำปี 2567",
        "นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ",
        "สำนักงานสาธารณสุขจังหวัดเสนอแผนการดำเนินงานตาม 3 ยุทธศาสตร์หลัก",
        "ที่ประชุมเห็นชอบแผนการดำเนินงาน",
    )])  # fmt: skip
    teams = action_item_add(
        agenda_item=plan, description="คัดเลือกทีม TO BE NUMBER ONE TEEN DANCERCISE ระดับจังหวัด",
        responsible="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ", due_date=datetime.date(2024, 6, 30),
    )  # fmt: skip
    if officer:
        action_item_set_status(
            action_item=teams, status=ActionStatus.DONE, updated_by=officer,
            note="คัดเลือกทีมแล้ว ผ่านเข้ารอบระดับประเทศ",
        )  # fmt: skip
    if officer:
        meeting_submit(meeting=first, submitted_by=officer)
        meeting_check(meeting=first, checked_by=checker)

    second = meeting_create(
        committee=committee, date=datetime.date(2024, 7, 18), created_by=officer,
        venue="ห้องประชุมศาลากลางจังหวัดศรีสะเกษ", start_time=datetime.time(13, 30),
        end_time=datetime.time(16, 0), **deputy, **secretary,
    )  # fmt: skip
    _present_all(second)
    if officer:
        meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker)
    (budget_plan,) = _fill(second, [(
        "การเตรียมการประกวดผลงานจังหวัด อำเภอ และชมรม TO BE NUMBER ONE ประจำปี 2568",
        "สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
        "ชมรมที่ผ่านการประกวดระดับจังหวัดต้องเตรียมเข้าประกวดระดับภาคตะวันออกเฉียงเหนือ",
        "ที่ประชุมรับทราบ และมอบหมายให้จัดทำแผนสนับสนุนงบประมาณ",
    )])  # fmt: skip
    carried = action_item_add(
        agenda_item=budget_plan,
        description=(
            "จัดทำแผนการสนับสนุนงบประมาณสำหรับชมรมที่ผ่านการประกวดระดับภาคเข้าสู่การประกวดระดับประเทศ"
        ),
        responsible="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
        due_date=datetime.date(2024, 11, 30),
    )
    if officer:
        action_item_set_status(
            action_item=carried, status=ActionStatus.IN_PROGRESS, updated_by=officer,
            note="ร่างแผนแล้ว รอเสนอที่ประชุม",
        )  # fmt: skip
        meeting_submit(meeting=second, submitted_by=officer)
        meeting_check(meeting=second, checked_by=checker)

    # Seed 001: meeting 3/2567, chaired by the deputy governor on the governor's behalf.
    third = meeting_create(
        committee=committee, date=datetime.date(2024, 12, 12), created_by=officer,
        venue=SSK_VENUE,
        title=(
            "การประชุมคณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ โครงการรณรงค์ป้องกันและ"
            "แก้ไขปัญหายาเสพติด TO BE NUMBER ONE จังหวัดศรีสะเกษ และการประชุมเชิงปฏิบัติการประกาศวาระ"
            "จังหวัดศรีสะเกษต่อต้านยาเสพติด"
        ),
        on_behalf_of_name="นายอนุพงศ์ สุขสมนิตย์",
        on_behalf_of_position="ผู้ว่าราชการจังหวัดศรีสะเกษ",
        **deputy, **secretary,
    )  # fmt: skip
    assert third.number_label == "3/2567"
    _present_all(
        third,
        overrides={
            "ผู้ว่าราชการจังหวัดศรีสะเกษ": {
                "status": "absent",
                "absence_reason": "มอบหมายให้รองผู้ว่าราชการจังหวัดศรีสะเกษเป็นประธานแทน",
            },
            # INVENTED: one substitute, as officers record them.
            "นายอำเภอเมืองศรีสะเกษ": {
                "status": "substitute",
                "substitute_name": "ผู้แทนนายอำเภอเมืองศรีสะเกษ",
                "substitute_position": "ปลัดอำเภอ (หัวหน้ากลุ่มงานบริหารงานปกครอง)",
            },
        },
        attendees=[
            ("ผู้อำนวยการโรงพยาบาลทุกแห่ง", ""),
            ("สาธารณสุขอำเภอทุกอำเภอ", ""),
            ("พัฒนาการอำเภอทุกอำเภอ", ""),
            ("ผู้บริหารสถานศึกษาและองค์กรปกครองส่วนท้องถิ่น", ""),
            ("ภาครัฐวิสาหกิจ ภาคเอกชน และตัวแทนชมรม TO BE NUMBER ONE", ""),
        ],
    )
    if officer:
        meeting_certify(meeting=second, certifying_meeting=third, certified_by=checker)
    _heading(
        third, 1,
        discussion=(
            "ประธานแจ้งวัตถุประสงค์การประชุม เพื่อติดตามสรุปผลการดำเนินงานและการขับเคลื่อนงานโครงการ "
            "TO BE NUMBER ONE จังหวัดศรีสะเกษ ประจำปีงบประมาณ 2568 และการประกาศวาระจังหวัดศรีสะเกษ"
            "ต่อต้านยาเสพติด"
        ),
        resolution="ที่ประชุมรับทราบ",
    )  # fmt: skip
    considered = _fill(third, [
        (
            "การจัดสรรงบประมาณสนับสนุนทีม TO BE NUMBER ONE TEEN DANCERCISE ที่ผ่านเข้ารอบระดับประเทศ",
            "นายแพทย์สาธารณสุขจังหวัดศรีสะเกษ",
            "ทีม TO BE NUMBER ONE TEEN DANCERCISE ของจังหวัดศรีสะเกษผ่านเข้ารอบการประกวดระดับประเทศ "
            "ต้องการงบประมาณสนับสนุนค่าเดินทาง ค่าฝึกซ้อม และเครื่องแต่งกาย",
            "ที่ประชุมเห็นชอบการจัดสรรงบประมาณสนับสนุนทีมที่ผ่านเข้ารอบระดับประเทศ",
        ),
        (
            "การประกวดผลงานจังหวัด อำเภอ และชมรม TO BE NUMBER ONE ระดับภาคตะวันออกเฉียงเหนือ ประจำปี 2568",
            "สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
            "การประกวดระดับภาคตะวันออกเฉียงเหนือ ระหว่างวันที่ 26 - 28 มกราคม 2568 "
            "ณ โรงแรมพูลแมน ขอนแก่น ราชา ออคิด จังหวัดขอนแก่น",
            "ที่ประชุมรับทราบ และมอบหมายให้จังหวัด อำเภอ และชมรมที่เข้าประกวดเตรียมความพร้อม",
        ),
        (
            "แผนการสนับสนุนงบประมาณสำหรับชมรมที่ผ่านการประกวดระดับภาคตะวันออกเฉียงเหนือเข้าสู่การประกวด"
            "ระดับประเทศในปี พ.ศ. 2568",
            "สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
            "เตรียมแผนการสนับสนุนงบประมาณสำหรับชมรมที่ผ่านการประกวดระดับภาคเข้าสู่ระดับประเทศ",
            "ที่ประชุมเห็นชอบในหลักการของแผนการสนับสนุนงบประมาณ",
        ),
        (
            "พิธีลงนามบันทึกข้อตกลงความร่วมมือ (MOU) การขับเคลื่อนโครงการ TO BE NUMBER ONE จังหวัดศรีสะเกษ",
            "รองผู้ว่าราชการจังหวัดศรีสะเกษ",
            "ลงนามระหว่างผู้บริหารของจังหวัดศรีสะเกษ กับหัวหน้าส่วนราชการระดับจังหวัด นายอำเภอทุกอำเภอ "
            "ผู้บริหารองค์กรปกครองส่วนท้องถิ่น องค์กรภาคีเครือข่าย และหน่วยงานหลัก เพื่อขยายเครือข่ายชมรม "
            "TO BE NUMBER ONE ให้ครอบคลุมทุกประเภทและเพิ่มจำนวนชมรมให้มากขึ้น",
            "ที่ประชุมร่วมลงนามบันทึกข้อตกลงความร่วมมือ และยึดแนวทางการดำเนินงานตาม 3 ยุทธศาสตร์หลัก",
        ),
    ])  # fmt: skip
    action_item_add(
        agenda_item=considered[1],
        description="เตรียมความพร้อมจังหวัด อำเภอ และชมรมที่เข้าประกวดระดับภาค ณ จังหวัดขอนแก่น",
        responsible="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ", due_date=datetime.date(2025, 1, 20),
    )  # fmt: skip
    action_item_add(
        agenda_item=considered[2],
        description="เสนอแผนการสนับสนุนงบประมาณต่อผู้ว่าราชการจังหวัดศรีสะเกษ",
        responsible="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ", due_date=datetime.date(2025, 2, 28),
    )  # fmt: skip
    _heading(
        third, 5,
        discussion=(
            "ยุทธศาสตร์หลัก 3 ประการ: 1) การรณรงค์ปลุกจิตสำนึกและสร้างกระแสนิยม "
            "2) การเสริมสร้างภูมิคุ้มกันทางจิตใจให้แก่เยาวชน 3) การสร้างและพัฒนาเครือข่าย"
        ),
        resolution="ที่ประชุมรับทราบ",
    )  # fmt: skip
    counts["meetings"] += 3
    counts["agenda_items"] += sum(m.agenda_items.count() for m in (first, second, third))
    counts["action_items"] += 4
    return counts


def _load_oncb_region_5() -> Counter:
    counts = Counter()
    officer = _user("officer_cmi")
    committee = committee_create(
        name=ONCB_COMMITTEE,
        provinces=Province.objects.filter(code__in=ONCB_PROVINCES),
        programs=_program("roi-jai-rak"),
        numbering="fiscal",
        members=_members(ONCB_MEMBERS),
    )
    counts["committees"] += 1
    meeting = meeting_create(
        committee=committee,
        date=datetime.date(2021, 1, 21),
        created_by=officer,
        title=ONCB_TITLE,
        start_time=datetime.time(14, 0),
        is_online=True,
        host_site="ห้องประชุม POC ศาลากลางจังหวัดเชียงใหม่",
        venue="ห้องประชุม POC ศาลากลางจังหวัดเชียงใหม่",
        chair_name="นายไกรเลิศ ดาวเรือง",
        chair_position="ผู้อำนวยการสำนักงานป้องกันและปราบปรามยาเสพติดภาค 5",
    )
    _present_all(
        meeting,
        attendees=[
            ("นางนฤมล ช่วงรังษี", "ที่ปรึกษาสำนักงาน ป.ป.ส. พร้อมเจ้าหน้าที่ ป.ป.ส. ส่วนกลาง"),
            ("ผู้แทนสำนักปลัดกระทรวงมหาดไทย", ""),
            ("หัวหน้าสำนักงานจังหวัดและป้องกันจังหวัด", "พื้นที่ 4 จังหวัด"),
        ],
    )
    items = _fill(
        meeting,
        [(title, "สำนักงาน ป.ป.ส. ภาค 5", discussion, resolution)
         for title, discussion, resolution in ONCB_RESOLUTIONS],
    )  # fmt: skip
    action = action_item_add(
        agenda_item=items[1],
        description=(
            "จัดทำแผนหมู่บ้านเชิงคุณภาพให้แล้วเสร็จอีก 34 หมู่บ้าน (แล้วเสร็จ 13 จาก 47 หมู่บ้าน) "
            "ระหว่าง 25 มกราคม – 31 มีนาคม 2564"
        ),
        responsible="กลไกอำเภอ (ปลัดอำเภอประจำตำบล) และ AD1-3 ร่วมกับสำนักงานจังหวัดทั้ง 4 จังหวัด",
        due_date=datetime.date(2021, 3, 31),
    )
    if officer:
        action_item_set_status(
            action_item=action, status=ActionStatus.IN_PROGRESS, updated_by=officer,
            note="แล้วเสร็จ 13 หมู่บ้าน คงเหลือ 34 หมู่บ้าน",
        )  # fmt: skip
    _heading(
        meeting, 5,
        discussion=(
            "ผอ.ปปส.ภ.๕ สรุปการประชุมโดยขอให้ทุกฝ่ายที่เป็นภาคีการดำเนินงานมุ่งเน้นการมีส่วนร่วม "
            "และขอขอบคุณผู้ว่าราชการจังหวัดทั้ง ๔ จังหวัด สถาบันส่งเสริมและพัฒนากิจกรรมปิดทองหลังพระฯ "
            "และมูลนิธิแม่ฟ้าหลวง ในพระบรมราชูปถัมภ์"
        ),
        resolution="ที่ประชุมรับทราบ",
    )  # fmt: skip
    counts["meetings"] += 1
    counts["agenda_items"] += meeting.agenda_items.count()
    counts["action_items"] += 1
    return counts


# --- The current fiscal year, for the dashboards ---------------------------------------------
# INVENTED: the seeds' meetings are of 2564 and 2567. So that the dashboards of the demo
# provinces open on the current FY with meetings held, open and overdue action items and a
# next meeting, each province's committee (one is added, by position only, for Nakhon
# Phanom, Phetchabun and Phrae, which the seeds give none) gets a meeting held a month
# ago with three action items (one due two weeks ago, so overdue) and one scheduled in a
# month.
CURRENT_YEAR_COMMITTEES = {
    "48": ("คณะทำงานขับเคลื่อนโครงการ TO BE NUMBER ONE จังหวัดนครพนม", "officer_nkp"),
    "67": ("คณะกรรมการขับเคลื่อนเพชรบูรณ์พอเพียง", "officer_pnb"),
    "54": ("คณะกรรมการติดตามแผนพัฒนาจังหวัดแพร่", "officer_phr"),
}
CURRENT_YEAR_ACTIONS = [  # (what, who, due in days from the meeting)
    ("รายงานผลการดำเนินงานไตรมาสล่าสุดต่อที่ประชุมครั้งถัดไป", "สำนักงานสาธารณสุขจังหวัด", 14),
    ("ประสานอำเภอจัดเก็บข้อมูลตัวชี้วัดให้ครบถ้วน", "ที่ทำการปกครองจังหวัด", 60),
    ("จัดทำแผนรณรงค์ร่วมกับสถานศึกษา", "สำนักงานศึกษาธิการจังหวัด", 90),
]


@transaction.atomic
def meetings_current_year_load(today: datetime.date | None = None) -> dict[str, int]:
    """Idempotent: a committee that already has a meeting in the current FY is left alone."""
    from thai.fiscal_year import fiscal_year_of, fiscal_year_range

    today = today or datetime.date.today()
    start, _end = fiscal_year_range(fiscal_year_of(today))
    counts = Counter()
    for code, (name, _username) in CURRENT_YEAR_COMMITTEES.items():
        if (
            Province.objects.filter(code=code).exists()
            and not Committee.objects.filter(name=name).exists()
        ):
            committee_create(
                name=name, provinces=[code],
                members=_members([("", f"ผู้ว่าราชการจังหวัด{Province.objects.get(code=code)}",
                                   "chair")]),
            )  # fmt: skip
            counts["committees"] += 1
    committees = Committee.objects.filter(
        name__in=[SSK_COMMITTEE, ONCB_COMMITTEE, *(n for n, _u in CURRENT_YEAR_COMMITTEES.values())]
    )
    officers = {SSK_COMMITTEE: "officer_ssk", ONCB_COMMITTEE: "officer_cmi"}
    officers.update({name: username for name, username in CURRENT_YEAR_COMMITTEES.values()})
    held_on = max(start, today - datetime.timedelta(days=30))
    for committee in committees:
        if committee.meetings.filter(date__gte=start).exists():
            continue
        officer = _user(officers[committee.name])
        held = meeting_create(committee=committee, date=held_on, created_by=officer,
                              venue="ห้องประชุมศาลากลางจังหวัด")  # fmt: skip
        item = agenda_item_add(
            meeting=held, part=4, title="ติดตามผลการดำเนินงานปีงบประมาณปัจจุบัน",
            resolution="ที่ประชุมรับทราบ และมอบหมายหน่วยงานที่เกี่ยวข้องดำเนินการ",
        )  # fmt: skip
        for description, responsible, days in CURRENT_YEAR_ACTIONS:
            action_item_add(
                agenda_item=item, description=description, responsible=responsible,
                due_date=held_on + datetime.timedelta(days=days),
            )  # fmt: skip
            counts["action_items"] += 1
        meeting_create(committee=committee, date=today + datetime.timedelta(days=30),
                       created_by=officer, venue="ห้องประชุมศาลากลางจังหวัด")  # fmt: skip
        counts["meetings"] += 2
        counts["agenda_items"] += 1
    return dict(counts)
