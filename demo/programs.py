"""Demo data built from the five seed news items (/work/shared/seeds), for ``load_demo``.

Loading is idempotent: a row is found by its natural key (code, slug, subdistrict and
number, username) and created only when missing. A row that is already there is never
changed — an official import, an administrator's edit or an officer's entry is better
than the demo's — and nothing is ever deleted.
"""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from accounts.services import user_create
from demo.geography import DISTRICTS, PROVINCES, SUBDISTRICTS, province_name_en
from programs.indicator_status import indicator_status
from programs.models import (
    Agency,
    Club,
    ClubMembership,
    ContestEntry,
    ContestResult,
    ContestStage,
    District,
    EntityLevel,
    Frequency,
    GradeBand,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    Measure,
    Objective,
    ObjectiveKind,
    PeriodApproval,
    PlanItemStatus,
    PlanStatus,
    Program,
    ProgramVillage,
    Project,
    ProjectStatus,
    Province,
    Region,
    Subdistrict,
    Tier,
    TierAward,
    Village,
    VillagePlanItem,
    VoteResult,
)
from programs.services.approvals import (
    PeriodKey,
    period_approval_approve,
    period_approval_reopen,
    period_approval_return,
    period_approval_submit,
)
from thai.dates import BE_OFFSET

# --- Seed facts --------------------------------------------------------------------

PROGRAMS: list[dict] = [
    {
        "slug": "to-be-number-one",
        "name_th": "โครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE",
        "name_en": "TO BE NUMBER ONE Campaign for Drug Prevention and Solution",
        "short_name": "TO BE NUMBER ONE",
        "owner_agency": ("กรมสุขภาพจิต กระทรวงสาธารณสุข (สำนักงานเลขานุการโครงการ TO BE NUMBER ONE)"),
        "description": (
            "โครงการ TO BE NUMBER ONE ในทูลกระหม่อมหญิงอุบลรัตนราชกัญญา สิริวัฒนาพรรณวดี "
            "รณรงค์ป้องกันและแก้ไขปัญหายาเสพติดในเยาวชนอายุ 6–24 ปี ตั้งแต่ปี 2545 "
            "ตาม 3 ยุทธศาสตร์หลัก: 1) การรณรงค์ปลุกจิตสำนึกและสร้างกระแสนิยมที่เอื้อต่อ"
            "การป้องกันและแก้ไขปัญหายาเสพติด 2) การเสริมสร้างภูมิคุ้มกันทางจิตใจให้แก่เยาวชน "
            "3) การสร้างและพัฒนาเครือข่ายเพื่อการป้องกันและแก้ไขปัญหายาเสพติด "
            "ในจังหวัด ผู้ว่าราชการจังหวัดเป็นประธานคณะกรรมการ สำนักงานสาธารณสุขจังหวัด"
            "เป็นฝ่ายเลขานุการ ชมรม TO BE NUMBER ONE ประกวดระดับจังหวัด ภาค และประเทศ"
        ),
        "start_year": 2545,
        "provinces": [],  # every province: an empty list means nationwide
    },
    {
        "slug": "phetchabun-sufficiency",
        "name_th": "โครงการเพชรบูรณ์พอเพียง",
        "name_en": "Phetchabun Sufficiency",
        "short_name": "เพชรบูรณ์พอเพียง",
        "owner_agency": "สำนักงานพัฒนาชุมชนจังหวัดเพชรบูรณ์",
        "description": (
            "วาระจังหวัดเพชรบูรณ์ตามหลักปรัชญาของเศรษฐกิจพอเพียง ให้ประชาชนดำรงตนได้"
            "บนพื้นฐานปัจจัย 4 — กินอิ่ม นอนอุ่น ทุนดี ชีวีพร้อม น้อมพัฒนา "
            "บริหารด้วย OKRs แบ่งผลลัพธ์สำคัญ (KRs) เป็น 5 ร่ม: ความมั่นคงด้านอาหาร "
            "ด้านที่อยู่อาศัย ด้านรายได้ ด้านสุขภาพ และด้านสังคม เป้าหมายไม่น้อยกว่าร้อยละ 95 "
            "ของประชาชนชาวจังหวัดเพชรบูรณ์ ปี 2564 มี 34 หน่วยงานร่วมขับเคลื่อน 86 โครงการ "
            "ติดตามและทบทวนด้วยวงจร PDCA"
        ),
        "start_year": 2564,
        "provinces": ["67"],
    },
    {
        "slug": "roi-jai-rak",
        "name_th": "โครงการร้อยใจรักษ์",
        "name_en": "Roi Jai Rak",
        "short_name": "ร้อยใจรักษ์",
        "owner_agency": (
            "สำนักงาน ป.ป.ส. ร่วมกับมูลนิธิแม่ฟ้าหลวง ในพระบรมราชูปถัมภ์ "
            "และสถาบันส่งเสริมและพัฒนากิจกรรมปิดทองหลังพระ สืบสานแนวทางพระราชดำริ"
        ),
        "description": (
            "การพัฒนาทางเลือกตามแนวพระราชดำริในพื้นที่ชายแดนภาคเหนือ มาตรการที่ 6 "
            "การฟื้นฟูและพัฒนา ตามแผนปฏิบัติการการแก้ไขปัญหาด้านยาเสพติดพื้นที่ชายแดน"
            "ภาคเหนือแบบเบ็ดเสร็จ ขยายผลปีงบประมาณ 2564 ใน 47 หมู่บ้าน 33 ตำบล 19 อำเภอ "
            "4 จังหวัด (เชียงใหม่ เชียงราย แม่ฮ่องสอน พะเยา) ทุกหมู่บ้านจัดทำแผนหมู่บ้าน"
            "เชิงคุณภาพผ่านเวทีประชาคม โดยประชาชนมีส่วนร่วมไม่น้อยกว่าร้อยละ 75"
        ),
        # The portal follows the expansion the seed reports, which began in FY 2564.
        "start_year": 2564,
        "provinces": ["50", "57", "58", "56"],
    },
    {
        # Seed 003: Phrae's results communication FY 2566. The plan is the province's own
        # five-year development plan (2566–2570) under its 20-year goal (2566–2585).
        "slug": "phrae-development-plan",
        "name_th": "แผนพัฒนาจังหวัดแพร่",
        "name_en": "Phrae Provincial Development Plan",
        "short_name": "แผนพัฒนาจังหวัดแพร่",
        "owner_agency": "สำนักงานจังหวัดแพร่",
        "description": (
            "เป้าหมายการพัฒนาจังหวัดแพร่ระยะ 20 ปี (2566–2585): แพร่เป็นเมืองน่าอยู่ "
            "คุณธรรมนำทาง เศรษฐกิจสร้างสรรค์ ทรัพยากรธรรมชาติสมบูรณ์ คุณภาพชีวิตที่ดี "
            "ปีงบประมาณ 2566 ขับเคลื่อนผ่านตัวชี้วัดหลัก 12 เป้าหมายร่วม ตัวชี้วัดที่โดดเด่น "
            "ได้แก่ รายได้จากการท่องเที่ยว รายได้จากผลิตภัณฑ์ OTOP และคะแนนการประเมินคุณธรรม"
            "และความโปร่งใส (ITA)"
        ),
        "start_year": 2566,
        "end_year": 2570,
        "provinces": ["54"],
    },
]

# The ร้อยใจรักษ์ expansion as reported in seed 002: these totals are real.
ROI_JAI_RAK_TOTALS = {"villages": 47, "subdistricts": 33, "districts": 19, "provinces": 4}

# (subdistrict code, หมู่ที่, village name without "บ้าน"). The subdistricts are real
# (demo.geography.SUBDISTRICTS); the village numbers and names are INVENTED for the
# demo: the seed gives only the totals above.
ROI_JAI_RAK_VILLAGES: list[tuple[str, int, str]] = [
    # Chiang Mai: Chiang Dao, Fang, Mae Ai, Wiang Haeng, Chai Prakan
    ("500402", 4, "นาหวาย"),
    ("500402", 11, "ห้วยจะค่าน"),
    ("500407", 7, "ปางมะเยา"),
    ("500904", 8, "ห้วยป่าซาง"),
    ("500904", 14, "ดอยสันติ"),
    ("500912", 6, "ห้วยบอน"),
    ("501002", 10, "ห้วยม่วง"),
    ("501002", 15, "ผาแดงใต้"),
    ("501005", 3, "ห้วยเฮี้ยะ"),
    ("501005", 12, "ป่าซางนาเงิน"),
    ("502002", 2, "เปียงหลวงใหม่"),
    ("502002", 8, "หัวเมืองงาม"),
    ("502003", 5, "ป่าไผ่งาม"),
    ("502103", 9, "ห้วยผึ้ง"),
    # Chiang Rai: Mae Fa Luang, Mae Sai, Chiang Saen, Wiang Kaen, Chiang Khong
    ("571501", 6, "ห้วยน้ำขุ่น"),
    ("571501", 13, "อาแบ"),
    ("571503", 4, "ป่าคาสุขใจ"),
    ("571503", 17, "ห้วยหกพัฒนา"),
    ("570902", 7, "ผาหมี"),
    ("570904", 3, "ป่ายาง"),
    ("570805", 10, "สบรวกใหม่"),
    ("570806", 5, "ดอยสะโง้"),
    ("571303", 2, "ห้วยลึก"),
    ("571303", 8, "ผาตั้ง"),
    ("570305", 11, "ห้วยเอียน"),
    ("570310", 6, "ดอนที่"),
    # Mae Hong Son: Mueang, Pai, Pang Mapha, Mae Sariang, Khun Yuam
    ("580103", 3, "ห้วยเดื่อ"),
    ("580104", 5, "ห้วยมะเขือส้ม"),
    ("580104", 9, "ปางตอง"),
    ("580306", 2, "แม่ปิง"),
    ("580306", 6, "ห้วยขาน"),
    ("580304", 4, "ป่าลาน"),
    ("580701", 7, "จ่าโบ่"),
    ("580701", 10, "ยาป่าแหน"),
    ("580703", 3, "ห้วยฮากไม้ใต้"),
    ("580405", 8, "ห้วยโป่งอ่อน"),
    ("580203", 5, "แม่อูคอหลวง"),
    # Phayao: Chiang Kham, Pong, Chiang Muan, Phu Sang
    ("560308", 6, "ห้วยก้านเหลือง"),
    ("560308", 12, "ใหม่ปางค่า"),
    ("560312", 9, "ปางมะโอ"),
    ("560603", 4, "ห้วยขอน"),
    ("560605", 3, "ผาช้างน้อยใหม่"),
    ("560605", 10, "สันเจริญ"),
    ("560402", 7, "ห้วยแม่สุก"),
    ("560402", 11, "น้ำมินใต้"),
    ("560801", 5, "ห้วยชมพู"),
    ("560803", 8, "ฮวกใหม่"),
]

# One password for every demo account; `make run` prints it, this module does not.
DEMO_PASSWORD = "demo1234"

# One account per role. Names and positions of the governor and the two evaluators are
# the seed's (000); the officers' and the national executive's names are invented.
USERS: list[dict] = [
    {
        "username": "admin",
        "role": Role.ADMINISTRATOR,
        "province_code": None,
        "first_name": "ผู้ดูแลระบบ",
        "last_name": "",
        "position": "ผู้ดูแลระบบส่วนกลาง",
    },
    {
        "username": "officer_nkp",
        "role": Role.OFFICER,
        "province_code": "48",
        "first_name": "นางสาวกนกวรรณ",
        "last_name": "ศรีสุวรรณ",
        "position": "นักวิชาการสาธารณสุข สำนักงานสาธารณสุขจังหวัดนครพนม",
    },
    {
        "username": "officer_ssk",
        "role": Role.OFFICER,
        "province_code": "33",
        "first_name": "นายธนากร",
        "last_name": "บุญมา",
        "position": "นักวิชาการสาธารณสุข สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
    },
    {
        "username": "evaluator",
        "role": Role.EVALUATOR,
        "province_code": None,
        "first_name": "นายวีรวัฒน์",
        "last_name": "เต็งอำนวย",
        "position": ("ข้าราชการบำนาญ อดีตรองเลขาธิการคณะกรรมการป้องกันและปราบปรามยาเสพติด"),
    },
    {
        "username": "evaluator2",
        "role": Role.EVALUATOR,
        "province_code": None,
        "first_name": "นางพรประภา",
        "last_name": "แกล้วกล้า",
        "position": "ข้าราชการบำนาญ อดีตผู้ตรวจราชการกรมคุมประพฤติ",
    },
    {
        "username": "governor_nkp",
        "role": Role.EXECUTIVE,
        "province_code": "48",
        "first_name": "นายวันชัย",
        "last_name": "จันทร์พร",
        "position": "ผู้ว่าราชการจังหวัดนครพนม",
    },
    # The head of the provincial health office signs off the province's figures (issue 15);
    # the name is INVENTED, the position the usual one.
    {
        "username": "head_nkp",
        "role": Role.EXECUTIVE,
        "province_code": "48",
        "first_name": "นายแพทย์สมศักดิ์",
        "last_name": "รักษ์ดี",
        "position": "นายแพทย์สาธารณสุขจังหวัดนครพนม",
        "is_approver": True,
    },
    {
        "username": "executive",
        "role": Role.EXECUTIVE,
        "province_code": None,  # no province: a national executive
        "first_name": "นายประเสริฐ",
        "last_name": "วงศ์ประเทศ",
        "position": "ผู้บริหารส่วนกลาง",
    },
    # Officers of the other seed provinces; names INVENTED, positions the usual desk of
    # each program: the provincial office (Phrae, Chiang Mai) and the community
    # development office that coordinates เพชรบูรณ์พอเพียง (seed 004).
    {
        "username": "officer_phr",
        "role": Role.OFFICER,
        "province_code": "54",
        "first_name": "นางสาวพิมพ์ชนก",
        "last_name": "ยศปัญญา",
        "position": "นักวิเคราะห์นโยบายและแผน สำนักงานจังหวัดแพร่",
    },
    {
        "username": "officer_cmi",
        "role": Role.OFFICER,
        "province_code": "50",
        "first_name": "นายณัฐวุฒิ",
        "last_name": "คำแสน",
        "position": "นักวิเคราะห์นโยบายและแผน สำนักงานจังหวัดเชียงใหม่ (โครงการร้อยใจรักษ์)",
    },
    {
        "username": "officer_pnb",
        "role": Role.OFFICER,
        "province_code": "67",
        "first_name": "นางวรรณา",
        "last_name": "ทองมา",
        "position": "นักวิชาการพัฒนาชุมชน สำนักงานพัฒนาชุมชนจังหวัดเพชรบูรณ์",
    },
]


# --- TO BE NUMBER ONE clubs: Nakhon Phanom (seed 000) --------------------------------


class ClubSeed(NamedTuple):
    district: str  # DOPA code, one of demo.geography.DISTRICTS
    subdistrict: str  # "" when the seed gives no address
    club_type: str
    school_level: str
    name: str
    host: str
    target: int  # people aged 6–24 the club serves (its membership denominator)
    founded: int  # BE year
    friend_corner: bool
    three_k: str  # which of the 3 ก. it has: c(ommittee) f(und) a(ctivities)


# The four clubs the sub-committee visited on 6–8 June 2566, in the order of the visit.
# Their names are the seed's; the districts are real (all four are in Mueang Nakhon
# Phanom); a subdistrict is given only where the name says it (นาราชควาย).
NKP_VISIT_CLUBS_2566 = [
    "ชมรม TO BE NUMBER ONE สำนักงานคุมประพฤติจังหวัดนครพนม",
    "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี",
    "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาราชควาย",
    "ชมรม TO BE NUMBER ONE มหาวิทยาลัยนครพนม",
]

NKP_CLUBS: list[ClubSeed] = [
    ClubSeed("4801", "", "probation", "", NKP_VISIT_CLUBS_2566[0],
             "สำนักงานคุมประพฤติจังหวัดนครพนม", 420, 2553, True, "cfa"),
    ClubSeed("4801", "", "community", "", NKP_VISIT_CLUBS_2566[1],
             "ชุมชนบ้านนาสมดี", 610, 2556, True, "cfa"),
    ClubSeed("4801", "480104", "community", "", NKP_VISIT_CLUBS_2566[2],
             "ชุมชนบ้านนาราชควาย", 540, 2557, True, "cfa"),
    ClubSeed("4801", "", "school", "university", NKP_VISIT_CLUBS_2566[3],
             "มหาวิทยาลัยนครพนม", 8600, 2552, True, "cfa"),
    # INVENTED from here on: plausible clubs (real institutions and place names of
    # Nakhon Phanom's 12 districts; that each runs a club, its size and 3 ก. are made up).
    ClubSeed("4801", "480101", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย",
             "โรงเรียนปิยะมหาราชาลัย", 3100, 2550, True, "cfa"),
    ClubSeed("4801", "480101", "school", "vocational", "ชมรม TO BE NUMBER ONE วิทยาลัยเทคนิคนครพนม",
             "วิทยาลัยเทคนิคนครพนม", 2400, 2551, True, "cfa"),
    ClubSeed("4801", "480101", "school", "primary", "ชมรม TO BE NUMBER ONE โรงเรียนอนุบาลนครพนม",
             "โรงเรียนอนุบาลนครพนม", 1250, 2558, False, "ca"),
    ClubSeed("4801", "", "prison", "", "ชมรม TO BE NUMBER ONE เรือนจำจังหวัดนครพนม",
             "เรือนจำจังหวัดนครพนม", 380, 2554, True, "cfa"),
    ClubSeed("4801", "", "juvenile", "",
             "ชมรม TO BE NUMBER ONE สถานพินิจและคุ้มครองเด็กและเยาวชนจังหวัดนครพนม",
             "สถานพินิจและคุ้มครองเด็กและเยาวชนจังหวัดนครพนม", 75, 2555, True, "cfa"),
    ClubSeed("4801", "480101", "workplace", "", "ชมรม TO BE NUMBER ONE โรงพยาบาลนครพนม",
             "โรงพยาบาลนครพนม", 260, 2559, True, "cf"),
    ClubSeed("4801", "480112", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองญาติ",
             "ชุมชนบ้านหนองญาติ", 480, 2560, False, "ca"),
    ClubSeed("4801", "480107", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านอาจสามารถ",
             "ชุมชนบ้านอาจสามารถ", 390, 2561, False, "a"),
    ClubSeed("4802", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนปลาปากวิทยา",
             "โรงเรียนปลาปากวิทยา", 1150, 2553, True, "cfa"),
    ClubSeed("4802", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านปลาปาก",
             "ชุมชนบ้านปลาปาก", 420, 2562, False, "ca"),
    ClubSeed("4803", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนท่าอุเทน",
             "โรงเรียนท่าอุเทน", 1020, 2554, True, "cfa"),
    ClubSeed("4803", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านท่าอุเทน",
             "ชุมชนบ้านท่าอุเทน", 450, 2560, False, "c"),
    ClubSeed("4804", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนบ้านแพงวิทยา",
             "โรงเรียนบ้านแพงวิทยา", 1340, 2552, True, "cfa"),
    ClubSeed("4804", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองแวง",
             "ชุมชนบ้านหนองแวง", 360, 2563, False, "ca"),
    ClubSeed("4805", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนธาตุพนม",
             "โรงเรียนธาตุพนม", 1980, 2551, True, "cfa"),
    ClubSeed("4805", "", "workplace", "", "ชมรม TO BE NUMBER ONE โรงพยาบาลธาตุพนม",
             "โรงพยาบาลธาตุพนม", 140, 2560, True, "cf"),
    ClubSeed("4805", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านธาตุน้อย",
             "ชุมชนบ้านธาตุน้อย", 520, 2559, True, "cfa"),
    ClubSeed("4806", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนเรณูนครวิทยานุกูล",
             "โรงเรียนเรณูนครวิทยานุกูล", 1630, 2552, True, "cfa"),
    ClubSeed("4806", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านโพนทอง",
             "ชุมชนบ้านโพนทอง", 410, 2561, False, "ca"),
    ClubSeed("4807", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนนาแกสามัคคีวิทยา",
             "โรงเรียนนาแกสามัคคีวิทยา", 1720, 2553, True, "cfa"),
    ClubSeed("4807", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาแก",
             "ชุมชนบ้านนาแก", 470, 2562, False, "cf"),
    ClubSeed("4808", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนศรีสงครามวิทยา",
             "โรงเรียนศรีสงครามวิทยา", 1560, 2552, True, "cfa"),
    ClubSeed("4808", "", "workplace", "", "ชมรม TO BE NUMBER ONE โรงพยาบาลศรีสงคราม",
             "โรงพยาบาลศรีสงคราม", 120, 2561, False, "ca"),
    ClubSeed("4809", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนนาหว้าพิทยาคม",
             "โรงเรียนนาหว้าพิทยาคม", 980, 2555, True, "cfa"),
    ClubSeed("4809", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาหว้า",
             "ชุมชนบ้านนาหว้า", 430, 2563, False, "a"),
    ClubSeed("4810", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนโพนสวรรค์",
             "โรงเรียนโพนสวรรค์", 870, 2556, True, "cfa"),
    ClubSeed("4810", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านโพนจาน",
             "ชุมชนบ้านโพนจาน", 380, 2562, False, "ca"),
    ClubSeed("4811", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนนาทมพิทยาคม",
             "โรงเรียนนาทมพิทยาคม", 760, 2557, True, "cf"),
    ClubSeed("4811", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านนาทม",
             "ชุมชนบ้านนาทม", 350, 2563, False, "c"),
    ClubSeed("4812", "", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนวังยางพิทยาคม",
             "โรงเรียนวังยางพิทยาคม", 640, 2558, True, "cfa"),
    ClubSeed("4812", "", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านวังยาง",
             "ชุมชนบ้านวังยาง", 330, 2564, False, "ca"),
]  # fmt: skip

# Members as a share of the clubs' target population, per fiscal year. FY 2566 is the
# figure DOMAIN.md quotes for a province (98.03 %); 2565 and 2567 are INVENTED.
NKP_COVERAGE = {2565: Decimal("96.47"), 2566: Decimal("98.03"), 2567: Decimal("98.56")}

# (club name, or "district:<code>" for a district, fiscal year, tier, consecutive year).
# The district's gold kept for a second year is the seed's roadmap ("รักษาทองปีที่ 2",
# then diamond, then ยอดเพชร by 2581); which district it is is INVENTED, as are the clubs'.
NKP_TIER_AWARDS: list[tuple[str, int, int, int]] = [
    ("district:4801", 2565, Tier.GOLD, 1),
    ("district:4801", 2566, Tier.GOLD, 2),
    (NKP_VISIT_CLUBS_2566[0], 2565, Tier.MODEL_SILVER, 1),
    (NKP_VISIT_CLUBS_2566[0], 2566, Tier.GOLD, 1),
    (NKP_VISIT_CLUBS_2566[1], 2565, Tier.GOLD, 1),
    (NKP_VISIT_CLUBS_2566[1], 2566, Tier.GOLD, 2),
    (NKP_VISIT_CLUBS_2566[2], 2565, Tier.MODEL_SILVER, 1),
    (NKP_VISIT_CLUBS_2566[2], 2566, Tier.MODEL_SILVER, 2),
    (NKP_VISIT_CLUBS_2566[3], 2565, Tier.DIAMOND, 1),
    (NKP_VISIT_CLUBS_2566[3], 2566, Tier.DIAMOND, 2),
    ("ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย", 2565, Tier.GOLD, 2),
    ("ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย", 2566, Tier.GOLD, 3),
    ("ชมรม TO BE NUMBER ONE โรงเรียนธาตุพนม", 2566, Tier.MODEL_SILVER, 1),
    ("ชมรม TO BE NUMBER ONE เรือนจำจังหวัดนครพนม", 2566, Tier.STANDARD_READY, 1),
    ("ชมรม TO BE NUMBER ONE วิทยาลัยเทคนิคนครพนม", 2566, Tier.OUTSTANDING, 1),
    ("ชมรม TO BE NUMBER ONE โรงเรียนเรณูนครวิทยานุกูล", 2566, Tier.OUTSTANDING, 1),
]

# FY 2565: "ผ่านเข้ารอบการประกวดฯ ระดับประเทศจำนวน 8 แห่ง 6 ประเภท ได้รับรางวัลพระราชทาน
# จำนวน 7 แห่ง" — the counts are the seed's; which entries and categories, INVENTED.
# (competitor as in NKP_TIER_AWARDS, category, royal award?)
NKP_NATIONAL_ENTRIES_2565: list[tuple[str, str, bool]] = [
    ("district:4801", "อำเภอ TO BE NUMBER ONE", True),
    (NKP_VISIT_CLUBS_2566[1], "ชมรม TO BE NUMBER ONE ในชุมชน", True),
    (NKP_VISIT_CLUBS_2566[2], "ชมรม TO BE NUMBER ONE ในชุมชน", True),
    (NKP_VISIT_CLUBS_2566[3], "ชมรม TO BE NUMBER ONE ในสถานศึกษา ระดับอุดมศึกษา", True),
    ("ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย",
     "ชมรม TO BE NUMBER ONE ในสถานศึกษา ระดับมัธยมศึกษา", True),
    ("ชมรม TO BE NUMBER ONE โรงเรียนธาตุพนม",
     "ชมรม TO BE NUMBER ONE ในสถานศึกษา ระดับมัธยมศึกษา", False),
    (NKP_VISIT_CLUBS_2566[0], "ชมรม TO BE NUMBER ONE ในสำนักงานคุมประพฤติ", True),
    ("ชมรม TO BE NUMBER ONE เรือนจำจังหวัดนครพนม",
     "ชมรม TO BE NUMBER ONE ในเรือนจำ/ทัณฑสถาน", True),
]  # fmt: skip
NKP_NATIONAL_ROUND_2565 = {"entries": 8, "categories": 6, "royal_awards": 7}

# --- TO BE NUMBER ONE: Sisaket (seed 001) --------------------------------------------

# The team that reached the national round (budget agenda of meeting 3/2567, FY 2568).
# It competes for the province; its regional round is implied by reaching the national.
SSK_TEEN_DANCERCISE_2568 = {
    "category": "TEEN DANCERCISE",
    "fiscal_year": 2568,
    "stages": [(ContestStage.REGION, ContestResult.ADVANCED),
               (ContestStage.NATIONAL, ContestResult.PARTICIPATED)],
}  # fmt: skip

# INVENTED: a few clubs of Mueang Sisaket (the only district of 33 in demo.geography).
SSK_CLUBS: list[ClubSeed] = [
    ClubSeed("3301", "330101", "school", "secondary", "ชมรม TO BE NUMBER ONE โรงเรียนศรีสะเกษวิทยาลัย",
             "โรงเรียนศรีสะเกษวิทยาลัย", 3400, 2550, True, "cfa"),
    ClubSeed("3301", "330102", "school", "university",
             "ชมรม TO BE NUMBER ONE มหาวิทยาลัยราชภัฏศรีสะเกษ",
             "มหาวิทยาลัยราชภัฏศรีสะเกษ", 5200, 2553, True, "cfa"),
    ClubSeed("3301", "330101", "school", "vocational", "ชมรม TO BE NUMBER ONE วิทยาลัยเทคนิคศรีสะเกษ",
             "วิทยาลัยเทคนิคศรีสะเกษ", 2100, 2554, False, "ca"),
    ClubSeed("3301", "", "prison", "", "ชมรม TO BE NUMBER ONE เรือนจำจังหวัดศรีสะเกษ",
             "เรือนจำจังหวัดศรีสะเกษ", 420, 2556, True, "cf"),
    ClubSeed("3301", "330102", "community", "", "ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองครก",
             "ชุมชนบ้านหนองครก", 380, 2560, False, "a"),
]  # fmt: skip
SSK_COVERAGE = {2567: Decimal("81.26"), 2568: Decimal("84.10")}  # INVENTED

# --- TO BE NUMBER ONE results framework, FY 2566–2568 ------------------------------------

TBNO_FISCAL_YEARS = [2566, 2567, 2568]

# The three strategies, as seeds 000 and 001 word them.
TBNO_STRATEGIES = [
    "การรณรงค์ปลุกจิตสำนึกและสร้างกระแสนิยมที่เอื้อต่อการป้องกันและแก้ไขปัญหายาเสพติด",
    "การเสริมสร้างภูมิคุ้มกันทางจิตใจให้แก่เยาวชน",
    "การสร้างและพัฒนาเครือข่ายเพื่อการป้องกันและแก้ไขปัญหายาเสพติด",
]


class IndicatorSeed(NamedTuple):
    objective: int  # strategy / objective number
    code: str
    name: str
    kind: str
    unit: str
    target: Decimal
    frequency: str = Frequency.QUARTERLY
    cumulative: bool = False
    province: str | None = None  # None: every province of the program reports it


# Indicators and targets INVENTED in the program's own terms (DOMAIN.md: membership as
# a share of the 6–24 population with an 80 % top band, 3 ก., Friend Corners, districts).
TBNO_INDICATORS: list[IndicatorSeed] = [
    IndicatorSeed(1, "TBN-1.1", "ร้อยละของประชากรอายุ 6–24 ปีที่เป็นสมาชิกโครงการ TO BE NUMBER ONE",
                  IndicatorKind.PERCENTAGE, "ร้อยละ", Decimal(80)),
    IndicatorSeed(1, "TBN-1.2", "จำนวนครั้งของกิจกรรมรณรงค์สร้างกระแส TO BE NUMBER ONE",
                  IndicatorKind.AMOUNT, "ครั้ง", Decimal(24), cumulative=True),
    IndicatorSeed(2, "TBN-2.1", "ร้อยละของชมรมที่มีศูนย์เพื่อนใจ TO BE NUMBER ONE",
                  IndicatorKind.PERCENTAGE, "ร้อยละ", Decimal(60)),
    IndicatorSeed(2, "TBN-2.2", "ร้อยละของศูนย์เพื่อนใจ TO BE NUMBER ONE ที่เปิดให้บริการต่อเนื่อง",
                  IndicatorKind.PERCENTAGE, "ร้อยละ", Decimal(80)),
    IndicatorSeed(3, "TBN-3.1", "ร้อยละของชมรมที่มีองค์ประกอบครบ 3 ก. (กรรมการ กองทุน กิจกรรม)",
                  IndicatorKind.PERCENTAGE, "ร้อยละ", Decimal(80)),
    IndicatorSeed(3, "TBN-3.2", "อำเภอที่มีการดำเนินงาน TO BE NUMBER ONE",
                  IndicatorKind.COUNT_OF, "อำเภอ", Decimal(12), province="48"),
    IndicatorSeed(3, "TBN-3.2", "อำเภอที่มีการดำเนินงาน TO BE NUMBER ONE",
                  IndicatorKind.COUNT_OF, "อำเภอ", Decimal(22), province="33"),
]  # fmt: skip

# Denominators of the percentage indicators per province (INVENTED, plausible sizes:
# the 6–24 population; clubs; Friend Corners; districts).
TBNO_DENOMINATORS = {
    ("48", "TBN-1.1"): 178540,
    ("33", "TBN-1.1"): 352860,
    ("48", "TBN-2.1"): 1126,
    ("33", "TBN-2.1"): 1584,
    ("48", "TBN-2.2"): 412,
    ("33", "TBN-2.2"): 538,
    ("48", "TBN-3.1"): 1126,
    ("33", "TBN-3.1"): 1584,
    ("48", "TBN-3.2"): 12,
    ("33", "TBN-3.2"): 22,
}

# Year-end (Q4) results per province, indicator and fiscal year; earlier quarters follow
# QUARTER_SHARE. NKP's FY 2566 coverage is DOMAIN.md's 98.03 %, its districts 12 of 12;
# the rest is INVENTED, Sisaket a little behind so that dashboards show every status.
TBNO_YEAR_END: dict[tuple[str, str], dict[int, Decimal]] = {
    ("48", "TBN-1.1"): {2566: Decimal("98.03"), 2567: Decimal("98.41"), 2568: Decimal("98.62")},
    ("48", "TBN-1.2"): {2566: Decimal(31), 2567: Decimal(28), 2568: Decimal(33)},
    ("48", "TBN-2.1"): {2566: Decimal("63.5"), 2567: Decimal("66.2"), 2568: Decimal("68.9")},
    ("48", "TBN-2.2"): {2566: Decimal("88.1"), 2567: Decimal("90.3"), 2568: Decimal("91.7")},
    ("48", "TBN-3.1"): {2566: Decimal("84.6"), 2567: Decimal("86.1"), 2568: Decimal("87.5")},
    ("48", "TBN-3.2"): {2566: Decimal(12), 2567: Decimal(12), 2568: Decimal(12)},
    ("33", "TBN-1.1"): {2566: Decimal("72.40"), 2567: Decimal("78.92"), 2568: Decimal("81.26")},
    ("33", "TBN-1.2"): {2566: Decimal(18), 2567: Decimal(22), 2568: Decimal(26)},
    ("33", "TBN-2.1"): {2566: Decimal("41.2"), 2567: Decimal("52.7"), 2568: Decimal("58.3")},
    ("33", "TBN-2.2"): {2566: Decimal("70.4"), 2567: Decimal("76.8"), 2568: Decimal("81.0")},
    ("33", "TBN-3.1"): {2566: Decimal("68.5"), 2567: Decimal("74.3"), 2568: Decimal("79.1")},
    ("33", "TBN-3.2"): {2566: Decimal(19), 2567: Decimal(21), 2568: Decimal(22)},
}

# Share of the year-end value reached by the end of each quarter.
QUARTER_SHARE = {
    "cumulative": (Decimal("0.2"), Decimal("0.45"), Decimal("0.75"), Decimal(1)),
    "level": (Decimal("0.95"), Decimal("0.97"), Decimal("0.99"), Decimal(1)),
    "count_of": (Decimal(1), Decimal(1), Decimal(1), Decimal(1)),
}

# The desk that runs the program in each province (DOMAIN.md: the health office).
TBNO_AGENCIES = {
    "48": ["สำนักงานสาธารณสุขจังหวัดนครพนม", "สำนักงานคุมประพฤติจังหวัดนครพนม"],
    "33": ["สำนักงานสาธารณสุขจังหวัดศรีสะเกษ"],
}

# --- เพชรบูรณ์พอเพียง FY 2564 (seed 004) ------------------------------------------------

PNB_FISCAL_YEAR = 2564
PNB_LEAD_AGENCY = "สำนักงานพัฒนาชุมชนจังหวัดเพชรบูรณ์"
PNB_OBJECTIVE = "ประชาชนคนเพชรบูรณ์มีความมั่นคงในชีวิตบนพื้นฐานปัจจัย 4 ด้วยหลักปรัชญาของเศรษฐกิจพอเพียง"
PNB_TARGET = Decimal(95)  # "ไม่น้อยกว่า 95 เปอร์เซ็นต์ของประชาชนชาวจังหวัดเพชรบูรณ์"
# INVENTED: households surveyed for the key results (Phetchabun has about 1 million people).
PNB_HOUSEHOLDS = 312480

# The 5 ร่ม as key results: (code, name, lead agency, results of Q2–Q4; INVENTED values —
# the program was launched in December 2563, so Q1 has none).
PNB_KEY_RESULTS: list[tuple[str, str, str, tuple[Decimal, ...]]] = [
    ("KR1", "ร่มที่ 1 ความมั่นคงด้านอาหาร (กินอิ่ม): ร้อยละของครัวเรือนที่มีอาหารบริโภคเพียงพอตลอดปี",
     "สำนักงานเกษตรจังหวัดเพชรบูรณ์", (Decimal("91.4"), Decimal("94.2"), Decimal("96.1"))),
    ("KR2", "ร่มที่ 2 ความมั่นคงด้านที่อยู่อาศัย (นอนอุ่น): ร้อยละของครัวเรือนที่มีที่อยู่อาศัยมั่นคงและถูกสุขลักษณะ",
     "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบูรณ์",
     (Decimal("93.0"), Decimal("95.2"), Decimal("96.4"))),
    ("KR3", "ร่มที่ 3 ความมั่นคงด้านรายได้ (ทุนดี): ร้อยละของครัวเรือนที่มีรายได้เพียงพอต่อการดำรงชีพ",
     PNB_LEAD_AGENCY, (Decimal("88.5"), Decimal("91.7"), Decimal("94.3"))),
    ("KR4", "ร่มที่ 4 ความมั่นคงด้านสุขภาพ (ชีวีพร้อม): ร้อยละของประชาชนที่มีสุขภาพดีและเข้าถึงบริการสุขภาพ",
     "สำนักงานสาธารณสุขจังหวัดเพชรบูรณ์", (Decimal("92.1"), Decimal("95.0"), Decimal("97.2"))),
    ("KR5", "ร่มที่ 5 ความมั่นคงด้านสังคม (น้อมพัฒนา): ร้อยละของครัวเรือนที่น้อมนำหลักปรัชญา"
            "ของเศรษฐกิจพอเพียงและพัฒนาด้านจิตใจ",
     "สำนักงานวัฒนธรรมจังหวัดเพชรบูรณ์", (Decimal("90.2"), Decimal("93.8"), Decimal("95.6"))),
]  # fmt: skip

# 34 agencies, 86 projects (the seed's counts). Agency names are the real provincial
# agency types of Phetchabun; which projects each ran is INVENTED, in the 5 ร่ม's terms.
PNB_PROJECTS: dict[str, list[str]] = {
    PNB_LEAD_AGENCY: [
        "ส่งเสริมการจัดทำบัญชีครัวเรือนตามหลักปรัชญาของเศรษฐกิจพอเพียง",
        "หมู่บ้านเศรษฐกิจพอเพียงต้นแบบเพชรบูรณ์พอเพียง",
        "ปลูกผักสวนครัว สร้างรั้วกินได้",
        "พัฒนาผลิตภัณฑ์ OTOP สู่ตลาดออนไลน์",
        "ขับเคลื่อนกองทุนแม่ของแผ่นดินต้านยาเสพติด",
        "พัฒนาศักยภาพผู้นำการเปลี่ยนแปลงด้านเศรษฐกิจพอเพียง",
        "สัมมาชีพชุมชนสร้างรายได้ครัวเรือนยากจน",
    ],
    "สำนักงานจังหวัดเพชรบูรณ์": [
        "ขับเคลื่อนวาระจังหวัดเพชรบูรณ์พอเพียงและติดตามผลด้วยวงจร PDCA",
        "ประชาสัมพันธ์เพชรบูรณ์พอเพียงในงานมะขามหวานเพชรบูรณ์",
        "จัดทำฐานข้อมูลครัวเรือนเป้าหมายเพชรบูรณ์พอเพียง",
    ],
    "ที่ทำการปกครองจังหวัดเพชรบูรณ์": [
        "หมู่บ้านมั่นคงปลอดภัย",
        "ศูนย์ดำรงธรรมเคลื่อนที่แก้ไขปัญหาความเดือดร้อนของประชาชน",
    ],
    "สำนักงานเกษตรจังหวัดเพชรบูรณ์": [
        "ส่งเสริมการทำเกษตรทฤษฎีใหม่",
        "ศูนย์เรียนรู้การเพิ่มประสิทธิภาพการผลิตสินค้าเกษตร (ศพก.)",
        "ส่งเสริมการปลูกมะขามหวานคุณภาพ",
        "ธนาคารเมล็ดพันธุ์ผักชุมชน",
        "ส่งเสริมยุวเกษตรกรในโรงเรียน",
        "ส่งเสริมการปลูกพืชหลังนา",
    ],
    "สำนักงานปศุสัตว์จังหวัดเพชรบูรณ์": [
        "ส่งเสริมการเลี้ยงไก่ไข่เพื่อบริโภคในครัวเรือน",
        "ธนาคารโค-กระบือเพื่อเกษตรกร",
        "รณรงค์ฉีดวัคซีนป้องกันโรคสัตว์",
    ],
    "สำนักงานประมงจังหวัดเพชรบูรณ์": [
        "ปล่อยพันธุ์ปลาในแหล่งน้ำชุมชน",
        "ส่งเสริมการเลี้ยงกบและปลาในบ่อพลาสติก",
    ],
    "สำนักงานสหกรณ์จังหวัดเพชรบูรณ์": [
        "ส่งเสริมกลุ่มอาชีพในสหกรณ์",
        "ลดต้นทุนการผลิตของสมาชิกสหกรณ์",
    ],
    "สำนักงานการปฏิรูปที่ดินจังหวัดเพชรบูรณ์": [
        "จัดที่ดินทำกินให้เกษตรกร",
        "พัฒนาอาชีพเกษตรกรในเขตปฏิรูปที่ดิน",
    ],
    "สำนักงานพาณิชย์จังหวัดเพชรบูรณ์": [
        "ตลาดนัดชุมชนจำหน่ายสินค้าเกษตรปลอดภัย",
        "ส่งเสริมสินค้าสิ่งบ่งชี้ทางภูมิศาสตร์มะขามหวานเพชรบูรณ์",
        "ธงฟ้าลดค่าครองชีพ",
    ],
    "สำนักงานแรงงานจังหวัดเพชรบูรณ์": [
        "ส่งเสริมการมีงานทำของแรงงานนอกระบบ",
        "สำรวจความต้องการแรงงานในจังหวัด",
    ],
    "สำนักงานจัดหางานจังหวัดเพชรบูรณ์": [
        "นัดพบแรงงานจังหวัดเพชรบูรณ์",
        "ส่งเสริมการรับงานไปทำที่บ้าน",
        "แนะแนวอาชีพแก่นักเรียน",
    ],
    "สำนักงานพัฒนาฝีมือแรงงานเพชรบูรณ์": [
        "ฝึกอาชีพช่างซ่อมเครื่องยนต์เล็กเพื่อการเกษตร",
        "ฝึกอาชีพการทำอาหารและขนมไทย",
        "ยกระดับฝีมือแรงงานผู้สูงอายุ",
    ],
    "สำนักงานประกันสังคมจังหวัดเพชรบูรณ์": [
        "ขยายความคุ้มครองประกันสังคมมาตรา 40 สู่แรงงานนอกระบบ",
    ],
    "สำนักงานสวัสดิการและคุ้มครองแรงงานจังหวัดเพชรบูรณ์": [
        "ส่งเสริมความปลอดภัยในการทำงานของแรงงานนอกระบบ",
    ],
    "สำนักงานสาธารณสุขจังหวัดเพชรบูรณ์": [
        "คัดกรองโรคเบาหวานและความดันโลหิตสูงในชุมชน",
        "ผู้สูงอายุสุขภาพดีด้วยชมรมผู้สูงอายุ",
        "อาหารปลอดภัยในโรงเรียนและชุมชน",
        "อสม. เคาะประตูบ้านป้องกันโรคติดเชื้อไวรัสโคโรนา 2019",
        "TO BE NUMBER ONE เพชรบูรณ์ป้องกันยาเสพติดในเยาวชน",
        "ส่งเสริมสุขภาพจิตชุมชน",
    ],
    "โรงพยาบาลเพชรบูรณ์": [
        "ดูแลผู้ป่วยติดบ้านติดเตียงโดยทีมหมอครอบครัว",
        "คลินิกเลิกบุหรี่และสุรา",
    ],
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบูรณ์": [
        "ซ่อมแซมบ้านผู้ยากไร้ บ้านพอเพียง",
        "ปรับสภาพแวดล้อมที่อยู่อาศัยของผู้สูงอายุ",
        "สร้างบ้านให้ผู้พิการ",
        "ศูนย์ช่วยเหลือสังคมจังหวัดเพชรบูรณ์",
        "ครอบครัวพอเพียงเข้มแข็ง",
    ],
    "สำนักงานวัฒนธรรมจังหวัดเพชรบูรณ์": [
        "หมู่บ้านรักษาศีล 5",
        "ชุมชนคุณธรรมน้อมนำหลักปรัชญาของเศรษฐกิจพอเพียง",
        "สืบสานประเพณีอุ้มพระดำน้ำ",
    ],
    "สำนักงานพระพุทธศาสนาจังหวัดเพชรบูรณ์": [
        "วัดประชารัฐสร้างสุข",
        "บวร บ้าน วัด โรงเรียน ร่วมพัฒนาชุมชน",
    ],
    "สำนักงานศึกษาธิการจังหวัดเพชรบูรณ์": [
        "สถานศึกษาพอเพียงต้นแบบ",
        "ป้องกันเด็กออกกลางคัน",
        "ส่งเสริมคุณธรรมจริยธรรมนักเรียน",
    ],
    "สำนักงานส่งเสริมการเรียนรู้จังหวัดเพชรบูรณ์": [
        "ศูนย์การเรียนรู้เศรษฐกิจพอเพียงประจำตำบล",
        "อบรมอาชีพระยะสั้นให้ประชาชน",
    ],
    "สำนักงานการท่องเที่ยวและกีฬาจังหวัดเพชรบูรณ์": [
        "ส่งเสริมการท่องเที่ยวชุมชนวิถีพอเพียง",
        "เดิน-วิ่งเพื่อสุขภาพเพชรบูรณ์พอเพียง",
        "ตลาดชุมชนท่องเที่ยวเขาค้อ",
    ],
    "สำนักงานอุตสาหกรรมจังหวัดเพชรบูรณ์": [
        "ยกระดับวิสาหกิจชุมชนแปรรูปผลผลิตเกษตร",
        "ส่งเสริมมาตรฐานผลิตภัณฑ์ชุมชน (มผช.)",
    ],
    "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเพชรบูรณ์": [
        "ป่าชุมชนสร้างแหล่งอาหาร",
        "ธนาคารขยะชุมชน",
    ],
    "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดเพชรบูรณ์": [
        "ชุมชนรู้รับปรับตัวรับมือภัยแล้งและน้ำป่า",
        "พัฒนาศักยภาพอาสาสมัครป้องกันภัยฝ่ายพลเรือน",
    ],
    "สำนักงานโยธาธิการและผังเมืองจังหวัดเพชรบูรณ์": [
        "ปรับปรุงพื้นที่สาธารณะในชุมชน",
    ],
    "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเพชรบูรณ์": [
        "เบี้ยยังชีพผู้สูงอายุและผู้พิการผ่านองค์กรปกครองส่วนท้องถิ่น",
        "อาหารกลางวันปลอดภัยในศูนย์พัฒนาเด็กเล็ก",
    ],
    "สำนักงานพลังงานจังหวัดเพชรบูรณ์": [
        "ระบบสูบน้ำพลังงานแสงอาทิตย์เพื่อการเกษตร",
        "เตาประหยัดพลังงานในครัวเรือน",
    ],
    "สำนักงานคุมประพฤติจังหวัดเพชรบูรณ์": [
        "ฝึกอาชีพผู้ถูกคุมความประพฤติ คืนคนดีสู่สังคม",
    ],
    "สำนักงานยุติธรรมจังหวัดเพชรบูรณ์": [
        "ยุติธรรมชุมชนไกล่เกลี่ยข้อพิพาท",
    ],
    "สำนักงานสถิติจังหวัดเพชรบูรณ์": [
        "สำรวจความมั่นคงในชีวิตของครัวเรือน",
    ],
    "สำนักงานประชาสัมพันธ์จังหวัดเพชรบูรณ์": [
        "สื่อสารเพชรบูรณ์พอเพียงทางสถานีวิทยุกระจายเสียงแห่งประเทศไทยจังหวัดเพชรบูรณ์",
        "ผลิตสื่อวีดิทัศน์ครัวเรือนต้นแบบ",
    ],
    "สำนักงานที่ดินจังหวัดเพชรบูรณ์": [
        "เดินสำรวจออกโฉนดที่ดินให้ประชาชน",
    ],
    "โครงการชลประทานเพชรบูรณ์": [
        "ขุดลอกแหล่งน้ำชุมชน",
        "สร้างฝายชะลอน้ำ",
        "ส่งเสริมการใช้น้ำอย่างประหยัดในฤดูแล้ง",
    ],
}
PNB_TOTALS = {"agencies": 34, "projects": 86}

# --- แผนพัฒนาจังหวัดแพร่ FY 2566 (seed 003) ---------------------------------------------

PHR_FISCAL_YEAR = 2566
PHR_OBJECTIVE = "แพร่เป็นเมืองน่าอยู่ คุณธรรมนำทาง เศรษฐกิจสร้างสรรค์ ทรัพยากรธรรมชาติสมบูรณ์ คุณภาพชีวิตที่ดี"
# The agencies the seed names.
PHR_AGENCIES = [
    "สำนักงานจังหวัดแพร่",
    "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดแพร่",
    "สำนักงานวัฒนธรรมจังหวัดแพร่",
    "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดแพร่",
    "สำนักงานการท่องเที่ยวและกีฬาจังหวัดแพร่",
    "หอการค้าจังหวัดแพร่",
    "สำนักงานพัฒนาชุมชนจังหวัดแพร่",
    "สำนักงานประชาสัมพันธ์จังหวัดแพร่",
]
PHR_OTOP_REVENUE = Decimal(1755091742)
PHR_OTOP_GROWTH = Decimal("9.54")
# FY 2565's OTOP revenue follows from the seed: 2566's revenue is 9.54 % above it.
PHR_OTOP_BASELINE = (PHR_OTOP_REVENUE / (1 + PHR_OTOP_GROWTH / 100)).quantize(Decimal(1))


class KpiSeed(NamedTuple):
    code: str
    name: str
    kind: str
    unit: str
    target: Decimal
    frequency: str
    cumulative: bool
    lead_agency: str
    period: int
    value: Decimal
    note: str = ""
    baseline: Decimal | None = None
    denominator: Decimal | None = None


# Values are the seed's. Targets other than tourism's 1,887 M฿ and the 12 goals are
# INVENTED (OTOP: +5 % a year; ITA: 85, the pass mark of FY 2566).
PHR_KPIS: list[KpiSeed] = [
    KpiSeed("PHR-01", "รายได้จากการท่องเที่ยว", IndicatorKind.AMOUNT, "ล้านบาท", Decimal(1887),
            Frequency.QUARTERLY, True, "สำนักงานการท่องเที่ยวและกีฬาจังหวัดแพร่", 3,
            Decimal("2446.88"), "9 เดือนแรกของปีงบประมาณ 2566 (ต.ค. 2565 – มิ.ย. 2566) "
            "มากกว่าค่าเป้าหมายทั้งปี"),
    KpiSeed("PHR-02", "รายได้จากการจำหน่ายผลิตภัณฑ์ชุมชน (OTOP)", IndicatorKind.AMOUNT, "บาท",
            (PHR_OTOP_BASELINE * Decimal("1.05")).quantize(Decimal(1)), Frequency.YEARLY, False,
            "สำนักงานพัฒนาชุมชนจังหวัดแพร่", 1, PHR_OTOP_REVENUE,
            "เพิ่มขึ้นร้อยละ 9.54 จากปีที่ผ่านมา", baseline=PHR_OTOP_BASELINE),
    KpiSeed("PHR-03", "อัตราการเพิ่มขึ้นของรายได้จากผลิตภัณฑ์ชุมชน (OTOP)",
            IndicatorKind.PERCENTAGE, "ร้อยละ", Decimal(5), Frequency.YEARLY, False,
            "สำนักงานพัฒนาชุมชนจังหวัดแพร่", 1, PHR_OTOP_GROWTH),
    KpiSeed("PHR-04", "จำนวนกลุ่ม/ผู้ประกอบการ OTOP", IndicatorKind.AMOUNT, "กลุ่ม/ราย",
            Decimal(1250), Frequency.YEARLY, False, "สำนักงานพัฒนาชุมชนจังหวัดแพร่", 1,
            Decimal(1307)),
    KpiSeed("PHR-05", "จำนวนผลิตภัณฑ์ OTOP", IndicatorKind.AMOUNT, "ผลิตภัณฑ์", Decimal(2300),
            Frequency.YEARLY, False, "สำนักงานพัฒนาชุมชนจังหวัดแพร่", 1, Decimal(2390)),
    KpiSeed("PHR-06", "คะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
            IndicatorKind.SCORE, "คะแนน", Decimal(85), Frequency.YEARLY, False,
            "สำนักงานจังหวัดแพร่", 1, Decimal("96.28"),
            "อันดับที่ 3 ของประเทศ และอันดับ 1 ของกลุ่มราชการส่วนภูมิภาค (จังหวัด) "
            "ผ่านเกณฑ์ 100% ทุกหน่วย"),
    KpiSeed("PHR-07", "เป้าหมายร่วมตามตัวชี้วัดหลักของจังหวัดที่ขับเคลื่อนและรายงานผล",
            IndicatorKind.COUNT_OF, "เป้าหมาย", Decimal(12), Frequency.YEARLY, False,
            "สำนักงานจังหวัดแพร่", 1, Decimal(12), denominator=Decimal(12)),
]  # fmt: skip

# ITA grade bands: (grade, lowest score).
ITA_GRADE_BANDS = [
    ("AA", Decimal(95)),
    ("A", Decimal(85)),
    ("B", Decimal(75)),
    ("C", Decimal(65)),
    ("D", Decimal(55)),
    ("E", Decimal(50)),
    ("F", Decimal(0)),
]

# --- ร้อยใจรักษ์ village plans (seed 002) ----------------------------------------------

ROI_JAI_RAK_FISCAL_YEAR = 2564
# "ดำเนินการแล้วเสร็จ ๑๓ หมู่บ้าน คงเหลือ ๓๔ หมู่บ้าน" as of the meeting of 21 Jan 2564;
# which 13 villages, and the dates, are INVENTED: (subdistrict, หมู่ที่, plan done on).
ROI_JAI_RAK_PLANS_DONE: list[tuple[str, int, datetime.date]] = [
    ("500402", 4, datetime.date(2020, 11, 27)),
    ("500904", 8, datetime.date(2020, 12, 4)),
    ("501005", 3, datetime.date(2020, 12, 11)),
    ("502002", 2, datetime.date(2020, 12, 18)),
    ("571501", 6, datetime.date(2020, 11, 30)),
    ("571503", 4, datetime.date(2020, 12, 8)),
    ("570902", 7, datetime.date(2020, 12, 22)),
    ("571303", 2, datetime.date(2021, 1, 8)),
    ("580104", 5, datetime.date(2020, 12, 15)),
    ("580306", 2, datetime.date(2021, 1, 12)),
    ("580701", 7, datetime.date(2021, 1, 15)),
    ("560308", 6, datetime.date(2020, 12, 23)),
    ("560605", 3, datetime.date(2021, 1, 19)),
]
# The other 34 are due from 25 Jan to 31 Mar 2564 (the seed): drafting since 25 Jan,
# except these INVENTED few whose community vote is still to be held.
ROI_JAI_RAK_DRAFTING_FROM = datetime.date(2021, 1, 25)
ROI_JAI_RAK_DUE = datetime.date(2021, 3, 31)
ROI_JAI_RAK_VOTE_PENDING: list[tuple[str, int]] = [
    ("502103", 9),
    ("570310", 6),
    ("580203", 5),
    ("560803", 8),
]
ROI_JAI_RAK_MIN_PARTICIPATION = Decimal(75)  # "ไม่น้อยกว่าร้อยละ ๗๕"

# Plan items by measure, INVENTED in the terms of alternative development on the border:
# (title, budget in baht).
ROI_JAI_RAK_ITEMS: dict[str, list[tuple[str, int]]] = {
    Measure.WATER: [
        ("ฝายชะลอน้ำและระบบส่งน้ำเพื่อการเกษตร", 350000),
        ("ระบบประปาภูเขา", 280000),
        ("บ่อพักน้ำและถังเก็บน้ำชุมชน", 120000),
    ],
    Measure.AGRICULTURE: [
        ("ปลูกกาแฟอะราบิกาใต้ร่มไม้", 150000),
        ("ไม้ผลเมืองหนาวแทนพืชเสพติด", 180000),
        ("ธนาคารเมล็ดพันธุ์และแปลงผักชุมชน", 60000),
    ],
    Measure.OCCUPATION: [
        ("กลุ่มทอผ้าและหัตถกรรมชาติพันธุ์", 90000),
        ("กลุ่มเลี้ยงสุกรและไก่พื้นเมือง", 110000),
        ("แปรรูปชาและกาแฟชุมชน", 130000),
    ],
    Measure.TOURISM: [
        ("ท่องเที่ยวชุมชนและโฮมสเตย์", 200000),
        ("เส้นทางศึกษาธรรมชาติและจุดชมวิว", 95000),
    ],
    Measure.PREVENTION: [
        ("ลานกีฬาเยาวชนต้านยาเสพติด", 75000),
        ("ค่ายเยาวชนรู้ทันยาเสพติด", 40000),
        ("ชุดปฏิบัติการประจำหมู่บ้านเฝ้าระวังยาเสพติด", 30000),
    ],
}

# --- Loading -----------------------------------------------------------------------


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create whatever demo rows are missing; return how many of each were created.

    A second run returns only zeros.
    """
    counts = Counter(_load_geography())
    counts["programs"] = _load_programs()
    counts["villages"] = _load_villages()
    counts["users"] = _load_users()  # before the rows that record who entered them
    counts["clubs"] = _load_clubs(NKP_CLUBS, "48") + _load_clubs(SSK_CLUBS, "33")
    counts["memberships"] = _load_memberships(NKP_CLUBS, "48", NKP_COVERAGE) + (
        _load_memberships(SSK_CLUBS, "33", SSK_COVERAGE)
    )
    counts["tier_awards"] = _load_tier_awards()
    counts["contest_entries"] = _load_contest_entries()
    counts["agencies"] = sum(_load_agencies(code, names) for code, names in TBNO_AGENCIES.items())
    for part in (_load_tbno_framework, _load_phetchabun, _load_phrae, _load_roi_jai_rak):
        counts.update(part())
    counts.update(current_year_load())
    counts["period_approvals"] = _load_approvals()
    return dict(counts)


# Nakhon Phanom's TO BE NUMBER ONE quarters of FY 2568, one in every state of sign-off;
# FY 2567's last quarter was approved, then reopened by the head of office.
APPROVAL_STATES = [
    (2568, 1, ["submit", "approve"]),
    (2568, 2, ["submit", "return"]),
    (2568, 3, ["submit"]),
    (2568, 4, []),  # a draft: entered, not yet submitted
    (2567, 4, ["submit", "approve", "reopen"]),
]


def _load_approvals() -> int:
    """Sign-offs made through the services, so each has its history; existing ones stay."""
    program = _program("to-be-number-one")
    province = Province.objects.get(pk="48")
    officer, head = _user("officer_nkp"), _user("head_nkp")
    created = 0
    for year, quarter, steps in APPROVAL_STATES:
        key = PeriodKey(program, province, year, "quarterly", quarter)
        if not steps or PeriodApproval.objects.filter(**key.lookup()).exists():
            continue
        if not key.results().exists():
            continue
        approval = period_approval_submit(key=key, submitted_by=officer)
        for step in steps[1:]:
            if step == "approve":
                approval = period_approval_approve(approval=approval, approved_by=head)
            elif step == "return":
                first = key.results().order_by("indicator__order").first()
                approval = period_approval_return(
                    approval=approval, returned_by=head,
                    reason="ตรวจทานยอดสมาชิกกับทะเบียนชมรมอีกครั้ง",
                    items={first.indicator_id: "ตัวเลขไม่ตรงกับทะเบียนสมาชิกชมรม"},
                )  # fmt: skip
            elif step == "reopen":
                approval = period_approval_reopen(
                    approval=approval, reopened_by=head,
                    reason="ส่วนกลางแจ้งปรับนิยามจำนวนชมรม ให้แก้ไขยอดสิ้นปี",
                )  # fmt: skip
        created += 1
    return created


def _load_geography() -> dict[str, int]:
    """Add embedded provinces, districts and subdistricts whose code is not there yet."""
    existing = set(Province.objects.values_list("code", flat=True))
    provinces = [
        Province(
            code=code,
            name_th=name_th,
            name_en=province_name_en(name_th),
            region=Region.of_province_code(code),
        )
        for code, name_th in PROVINCES.items()
        if code not in existing
    ]
    existing = set(District.objects.values_list("code", flat=True))
    districts = [
        District(code=code, province_id=code[:2], name_th=name_th, name_en=name_en)
        for code, (name_th, name_en) in DISTRICTS.items()
        if code not in existing
    ]
    existing = set(Subdistrict.objects.values_list("code", flat=True))
    subdistricts = [
        Subdistrict(code=code, district_id=code[:4], name_th=name_th, name_en=name_en)
        for code, (name_th, name_en) in SUBDISTRICTS.items()
        if code not in existing
    ]
    # Parents first: every embedded code nests in an embedded (or imported) parent.
    Province.objects.bulk_create(provinces)
    District.objects.bulk_create(districts)
    Subdistrict.objects.bulk_create(subdistricts)
    return {
        "provinces": len(provinces),
        "districts": len(districts),
        "subdistricts": len(subdistricts),
    }


def _load_programs() -> int:
    created = 0
    for facts in PROGRAMS:
        if Program.objects.filter(slug=facts["slug"]).exists():
            continue
        values = {k: v for k, v in facts.items() if k != "provinces"}
        program = Program(**values)
        program.full_clean()
        program.save()
        program.provinces.set(Province.objects.filter(code__in=facts["provinces"]))
        created += 1
    return created


def _load_villages() -> int:
    """Add the ร้อยใจรักษ์ villages; a number already used in a subdistrict is left alone."""
    taken = set(
        Village.objects.filter(
            subdistrict_id__in={code for code, _, _ in ROI_JAI_RAK_VILLAGES}
        ).values_list("subdistrict_id", "number")
    )
    villages = [
        Village(subdistrict_id=code, number=number, name_th=name_th)
        for code, number, name_th in ROI_JAI_RAK_VILLAGES
        if (code, number) not in taken
    ]
    Village.objects.bulk_create(villages)
    return len(villages)


def _load_users() -> int:
    """Create missing demo users; an existing account keeps its role and password."""
    existing = set(User.objects.values_list("username", flat=True))
    missing = [facts for facts in USERS if facts["username"] not in existing]
    # Hashing is slow on purpose (about a second); the demo password is hashed once and
    # the hash given to every new demo account.
    password_hash = make_password(DEMO_PASSWORD) if missing else None
    for facts in missing:
        user = user_create(**facts)
        user.password = password_hash
        user.save(update_fields=["password"])
    return len(missing)


# --- TO BE NUMBER ONE ------------------------------------------------------------------


def _program(slug: str) -> Program:
    return Program.objects.get(slug=slug)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _load_clubs(seeds: list[ClubSeed], province_code: str) -> int:
    """Add the clubs not there yet (a club is known by its district and name)."""
    existing = set(
        Club.objects.filter(province_id=province_code).values_list("district_id", "name")
    )
    created = []
    for index, seed in enumerate(seeds):
        if (seed.district, seed.name) in existing:
            continue
        club = Club(
            province_id=province_code,
            district_id=seed.district,
            subdistrict_id=seed.subdistrict or None,
            name=seed.name,
            club_type=seed.club_type,
            school_level=seed.school_level,
            host_organisation=seed.host,
            founded_on=datetime.date(seed.founded - BE_OFFSET, index % 12 + 1, 1),
            has_friend_corner=seed.friend_corner,
            has_committee="c" in seed.three_k,
            has_fund="f" in seed.three_k,
            has_activities="a" in seed.three_k,
        )
        club.full_clean(validate_unique=False, validate_constraints=False)
        created.append(club)
    bulk_create_with_history(created, Club)
    return len(created)


def _members(targets: list[int], coverage: Decimal, offset_seed: int) -> list[int]:
    """Members per club whose total is ``coverage`` % of the targets' total.

    Each club's own share varies a little around the province's (deterministically);
    what the rounding leaves over goes to the clubs with room, largest first.
    """
    share = coverage / 100
    members = [
        min(target, int(target * (share - Decimal((index * 7 + offset_seed) % 6) / 100)))
        for index, target in enumerate(targets)
    ]
    missing = int((sum(targets) * share).quantize(Decimal(1), ROUND_HALF_UP)) - sum(members)
    for index in sorted(range(len(targets)), key=lambda i: -targets[i]):
        room = min(targets[index] - members[index], missing)
        members[index] += room
        missing -= room
    return members


def _load_memberships(
    seeds: list[ClubSeed], province_code: str, coverage: dict[int, Decimal]
) -> int:
    clubs = {
        (club.district_id, club.name): club
        for club in Club.objects.filter(province_id=province_code)
    }
    ours = [clubs.get((seed.district, seed.name)) for seed in seeds]
    existing = set(
        ClubMembership.objects.filter(club__province_id=province_code).values_list(
            "club_id", "fiscal_year"
        )
    )
    targets = [seed.target for seed in seeds]
    created = []
    for year, percent in coverage.items():
        for club, target, members in zip(
            ours, targets, _members(targets, percent, year), strict=True
        ):
            if club is not None and (club.pk, year) not in existing:
                created.append(
                    ClubMembership(
                        club=club, fiscal_year=year, members=members, target_population=target
                    )
                )
    bulk_create_with_history(created, ClubMembership)
    return len(created)


def _competitor(key: str, province_code: str) -> dict:
    """The competitor fields of a tier award or contest entry from a seed key."""
    if key.startswith("district:"):
        return {"level": EntityLevel.DISTRICT, "district_id": key.removeprefix("district:")}
    if key == "province":
        return {"level": EntityLevel.PROVINCE}
    club = Club.objects.filter(province_id=province_code, name=key).first()
    return {"level": EntityLevel.CLUB, "club": club} if club else {}


def _competitor_key(record) -> tuple:
    return (record.level, record.district_id, record.club_id, record.fiscal_year)


def _load_tier_awards() -> int:
    existing = {_competitor_key(t) for t in TierAward.objects.filter(province_id="48")}
    created = []
    for key, year, tier, consecutive in NKP_TIER_AWARDS:
        competitor = _competitor(key, "48")
        if not competitor:
            continue  # the club was renamed or removed by an officer
        award = TierAward(
            province_id="48", fiscal_year=year, tier=tier, consecutive_year=consecutive,
            **competitor,
        )  # fmt: skip
        if _competitor_key(award) not in existing:
            created.append(award)
    bulk_create_with_history(created, TierAward)
    return len(created)


def _load_contest_entries() -> int:
    """NKP's FY 2565 national round (and the regional round before it); Sisaket's team."""
    wanted = []
    for key, category, royal in NKP_NATIONAL_ENTRIES_2565:
        competitor = _competitor(key, "48")
        if not competitor:
            continue
        wanted.append(
            ContestEntry(
                province_id="48", fiscal_year=2565, stage=ContestStage.REGION,
                category=category, result=ContestResult.ADVANCED, **competitor,
            )
        )  # fmt: skip
        wanted.append(
            ContestEntry(
                province_id="48", fiscal_year=2565, stage=ContestStage.NATIONAL,
                category=category, award_name="รางวัลพระราชทาน" if royal else "",
                result=ContestResult.ROYAL_AWARD if royal else ContestResult.PARTICIPATED,
                **competitor,
            )
        )  # fmt: skip
    for stage, result in SSK_TEEN_DANCERCISE_2568["stages"]:
        wanted.append(
            ContestEntry(
                province_id="33", level=EntityLevel.PROVINCE, stage=stage, result=result,
                fiscal_year=SSK_TEEN_DANCERCISE_2568["fiscal_year"],
                category=SSK_TEEN_DANCERCISE_2568["category"],
            )
        )  # fmt: skip

    def key(entry):
        return (entry.province_id, *_competitor_key(entry), entry.stage, entry.category)

    existing = {key(e) for e in ContestEntry.objects.filter(province_id__in=["48", "33"])}
    created = [entry for entry in wanted if key(entry) not in existing]
    bulk_create_with_history(created, ContestEntry)
    return len(created)


def _load_agencies(province_code: str, names: list[str]) -> int:
    existing = set(Agency.objects.filter(province_id=province_code).values_list("name", flat=True))
    created = [
        Agency(province_id=province_code, name=name) for name in names if name not in existing
    ]
    bulk_create_with_history(created, Agency)
    return len(created)


def _objective(program: Program, fiscal_year: int, number: int, kind: str, name: str,
               description: str = "") -> tuple[Objective, bool]:  # fmt: skip
    """The objective with this number, created if missing (its name is never overwritten)."""
    return Objective.objects.get_or_create(
        program=program, fiscal_year=fiscal_year, number=number,
        defaults={"kind": kind, "name": name, "description": description},
    )  # fmt: skip


def _indicator(objective: Objective, province_code: str | None, code: str,
               **defaults) -> tuple[Indicator, bool]:  # fmt: skip
    indicator = Indicator.objects.filter(
        objective=objective, province_id=province_code, code=code
    ).first()
    if indicator:
        return indicator, False
    indicator = Indicator(objective=objective, province_id=province_code, code=code, **defaults)
    indicator.full_clean(validate_unique=False, validate_constraints=False)
    indicator.save()
    return indicator, True


def _result(indicator: Indicator, province_code: str, period: int, value: Decimal,
            entered_by: User, *, numerator=None, denominator=None,
            note: str = "") -> IndicatorResult:  # fmt: skip
    return IndicatorResult(
        indicator=indicator,
        province_id=province_code,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=indicator_status(indicator, value, period),
        evidence_note=note,
        entered_by=entered_by,
    )


def _save_results(results: list[IndicatorResult]) -> int:
    """Save the results whose indicator, province and period have none yet."""
    indicators = {r.indicator_id for r in results}
    existing = set(
        IndicatorResult.objects.filter(indicator_id__in=indicators).values_list(
            "indicator_id", "province_id", "period"
        )
    )
    created = [r for r in results if (r.indicator_id, r.province_id, r.period) not in existing]
    bulk_create_with_history(created, IndicatorResult)
    return len(created)


def _load_tbno_framework() -> dict[str, int]:
    """Three strategies per fiscal year, their indicators, and NKP's and Sisaket's
    quarterly results."""
    program = _program("to-be-number-one")
    officers = {"48": _user("officer_nkp"), "33": _user("officer_ssk")}
    counts = {"objectives": 0, "indicators": 0, "indicator_results": 0}
    results = []
    for year in TBNO_FISCAL_YEARS:
        strategies = {}
        for number, name in enumerate(TBNO_STRATEGIES, start=1):
            strategies[number], created = _objective(
                program, year, number, ObjectiveKind.STRATEGY, name
            )
            counts["objectives"] += created
        for order, seed in enumerate(TBNO_INDICATORS, start=1):
            lead = (
                Agency.objects.filter(
                    province_id=seed.province, name=TBNO_AGENCIES[seed.province][0]
                ).first()
                if seed.province
                else None
            )
            indicator, created = _indicator(
                strategies[seed.objective], seed.province, seed.code, name=seed.name,
                kind=seed.kind, unit=seed.unit, target=seed.target, frequency=seed.frequency,
                is_cumulative=seed.cumulative, lead_agency=lead, order=order,
            )  # fmt: skip
            counts["indicators"] += created
            for province_code in [seed.province] if seed.province else ["48", "33"]:
                year_end = TBNO_YEAR_END[(province_code, seed.code)][year]
                shape = (
                    "count_of" if seed.kind == IndicatorKind.COUNT_OF
                    else "cumulative" if seed.cumulative else "level"
                )  # fmt: skip
                denominator = TBNO_DENOMINATORS.get((province_code, seed.code))
                for period, share in enumerate(QUARTER_SHARE[shape], start=1):
                    value = (year_end * share).quantize(
                        Decimal(1) if seed.kind != IndicatorKind.PERCENTAGE else Decimal("0.01"),
                        ROUND_HALF_UP,
                    )
                    numerator = None
                    if seed.kind == IndicatorKind.PERCENTAGE and denominator:
                        numerator = (denominator * value / 100).quantize(Decimal(1), ROUND_HALF_UP)
                        value = (100 * numerator / denominator).quantize(
                            Decimal("0.01"), ROUND_HALF_UP
                        )
                    elif seed.kind == IndicatorKind.COUNT_OF:
                        numerator = value
                    note = ""
                    if (province_code, year, period) == ("48", 2566, 3):
                        note = "รับการตรวจประเมินและติดตามผลรอบพื้นที่ 6–8 มิถุนายน 2566"
                    results.append(
                        _result(indicator, province_code, period, value, officers[province_code],
                                numerator=numerator,
                                denominator=denominator if numerator is not None else None,
                                note=note)
                    )  # fmt: skip
    counts["indicator_results"] = _save_results(results)
    return counts


# --- เพชรบูรณ์พอเพียง and Phrae ------------------------------------------------------------


def _load_phetchabun() -> dict[str, int]:
    program = _program("phetchabun-sufficiency")
    counts = {"agencies": _load_agencies("67", list(PNB_PROJECTS))}
    agencies = {a.name: a for a in Agency.objects.filter(province_id="67")}
    objective, created = _objective(
        program, PNB_FISCAL_YEAR, 1, ObjectiveKind.OBJECTIVE, PNB_OBJECTIVE,
        "บริหารด้วย OKRs: ผลลัพธ์สำคัญแบ่งเป็น 5 ร่ม กินอิ่ม นอนอุ่น ทุนดี ชีวีพร้อม น้อมพัฒนา "
        "เป้าหมายไม่น้อยกว่าร้อยละ 95 ของประชาชน หน่วยงานเสนอโครงการภายใน 17 ธันวาคม 2563",
    )  # fmt: skip
    counts["objectives"] = int(created)
    counts["indicators"] = 0
    officer = _user("officer_pnb")
    results = []
    for order, (code, name, lead, values) in enumerate(PNB_KEY_RESULTS, start=1):
        indicator, created = _indicator(
            objective, "67", code, name=name, kind=IndicatorKind.PERCENTAGE, unit="ร้อยละ",
            target=PNB_TARGET, frequency=Frequency.QUARTERLY, lead_agency=agencies.get(lead),
            order=order,
        )  # fmt: skip
        if created:
            indicator.co_agencies.set(
                [agencies[PNB_LEAD_AGENCY]] if lead != PNB_LEAD_AGENCY else []
            )
        counts["indicators"] += created
        for period, percent in enumerate(values, start=2):
            numerator = (PNB_HOUSEHOLDS * percent / 100).quantize(Decimal(1), ROUND_HALF_UP)
            value = (100 * numerator / PNB_HOUSEHOLDS).quantize(Decimal("0.01"), ROUND_HALF_UP)
            results.append(
                _result(indicator, "67", period, value, officer, numerator=numerator,
                        denominator=Decimal(PNB_HOUSEHOLDS))
            )  # fmt: skip
    counts["indicator_results"] = _save_results(results)
    counts["projects"] = _load_phetchabun_projects(program, objective, agencies)
    return counts


def _load_phetchabun_projects(program: Program, objective: Objective, agencies: dict) -> int:
    existing = set(
        Project.objects.filter(program=program, province_id="67").values_list("agency_id", "name")
    )
    created = []
    index = 0
    for agency_name, names in PNB_PROJECTS.items():
        agency = agencies.get(agency_name)
        for name in names:
            index += 1
            if agency is None or (agency.pk, name) in existing:
                continue
            # INVENTED budgets and dates; one project in thirteen was cancelled (the
            # COVID-19 wave of April 2564), the others done by the end of the fiscal year.
            cancelled = index % 13 == 5
            created.append(
                Project(
                    program=program, province_id="67", agency=agency, objective=objective,
                    name=name, fiscal_year=PNB_FISCAL_YEAR,
                    budget=Decimal(((index * 37 + 11) % 29 + 1) * 25000),
                    start_date=datetime.date(2021, 1, 4) + datetime.timedelta(weeks=index % 8),
                    end_date=datetime.date(2021, 9, 30 if index % 3 else 15),
                    status=ProjectStatus.CANCELLED if cancelled else ProjectStatus.DONE,
                    progress=30 if cancelled else 100,
                )
            )  # fmt: skip
    bulk_create_with_history(created, Project)
    return len(created)


def _load_phrae() -> dict[str, int]:
    program = _program("phrae-development-plan")
    counts = {"agencies": _load_agencies("54", PHR_AGENCIES)}
    agencies = {a.name: a for a in Agency.objects.filter(province_id="54")}
    objective, created = _objective(
        program, PHR_FISCAL_YEAR, 1, ObjectiveKind.OBJECTIVE, PHR_OBJECTIVE,
        "ตัวชี้วัดหลัก 12 เป้าหมายร่วม ปีงบประมาณ 2566",
    )  # fmt: skip
    counts["objectives"] = int(created)
    counts["indicators"] = 0
    counts["grade_bands"] = 0
    officer = _user("officer_phr")
    results = []
    for order, kpi in enumerate(PHR_KPIS, start=1):
        indicator, created = _indicator(
            objective, "54", kpi.code, name=kpi.name, kind=kpi.kind, unit=kpi.unit,
            target=kpi.target, baseline=kpi.baseline, frequency=kpi.frequency,
            is_cumulative=kpi.cumulative, lead_agency=agencies.get(kpi.lead_agency), order=order,
        )  # fmt: skip
        counts["indicators"] += created
        if created and kpi.kind == IndicatorKind.SCORE:
            GradeBand.objects.bulk_create(
                GradeBand(indicator=indicator, grade=grade, min_score=low)
                for grade, low in ITA_GRADE_BANDS
            )
            counts["grade_bands"] += len(ITA_GRADE_BANDS)
        results.append(
            _result(indicator, "54", kpi.period, kpi.value, officer, note=kpi.note,
                    numerator=kpi.value if kpi.denominator else None,
                    denominator=kpi.denominator)
        )  # fmt: skip
    counts["indicator_results"] = _save_results(results)
    return counts


# --- ร้อยใจรักษ์ -----------------------------------------------------------------------------


def _load_roi_jai_rak() -> dict[str, int]:
    """A program entry for each demo village, its vote and plan; items only for new entries."""
    program = _program("roi-jai-rak")
    counts = {"objectives": 0}
    for number, measure in enumerate(Measure, start=1):
        _objective_row, created = _objective(
            program, ROI_JAI_RAK_FISCAL_YEAR, number, ObjectiveKind.MEASURE, str(measure.label)
        )
        counts["objectives"] += created
    villages = {
        (v.subdistrict_id, v.number): v
        for v in Village.objects.filter(
            subdistrict_id__in={code for code, _, _ in ROI_JAI_RAK_VILLAGES}
        ).select_related("subdistrict__district")
    }
    joined = set(
        ProgramVillage.objects.filter(program=program).values_list("village_id", flat=True)
    )
    done = {(code, number): day for code, number, day in ROI_JAI_RAK_PLANS_DONE}
    pending = set(ROI_JAI_RAK_VOTE_PENDING)
    entries, items = [], []
    for index, (code, number, _name) in enumerate(ROI_JAI_RAK_VILLAGES):
        village = villages.get((code, number))
        if village is None or village.pk in joined:
            continue
        entry = ProgramVillage(
            program=program, village=village, province_id=village.subdistrict.district.province_id,
            joined_fiscal_year=ROI_JAI_RAK_FISCAL_YEAR,
        )  # fmt: skip
        if (code, number) in done:
            entry.plan_status, entry.plan_status_date = PlanStatus.DONE, done[(code, number)]
            vote_day = done[(code, number)] - datetime.timedelta(days=21 + index % 9)
        elif (code, number) not in pending:
            entry.plan_status, entry.plan_status_date = (
                PlanStatus.DRAFTING,
                ROI_JAI_RAK_DRAFTING_FROM,
            )
            vote_day = datetime.date(2020, 12, 1) + datetime.timedelta(days=index % 45)
        if (code, number) not in pending:
            entry.vote_result, entry.vote_date = VoteResult.APPROVED, vote_day
            entry.vote_participation = (
                ROI_JAI_RAK_MIN_PARTICIPATION
                + Decimal((index * 7) % 18)
                + Decimal("0.5") * (index % 2)
            )
            items += _plan_items(entry, index, full=(code, number) in done)
        entries.append(entry)
    bulk_create_with_history(entries, ProgramVillage)
    for item in items:
        item.program_village_id = item.program_village.pk  # set now that entries are saved
    bulk_create_with_history(items, VillagePlanItem)
    counts["program_villages"] = len(entries)
    counts["plan_items"] = len(items)
    return counts


def _plan_items(entry: ProgramVillage, index: int, *, full: bool) -> list[VillagePlanItem]:
    """A done plan has an item in four measures (prevention always); a draft, two."""
    measures = list(ROI_JAI_RAK_ITEMS)
    chosen = [measures[(index + step) % 4] for step in range(3 if full else 1)]
    items = []
    for step, measure in enumerate([*chosen, Measure.PREVENTION]):
        options = ROI_JAI_RAK_ITEMS[measure]
        title, budget = options[(index + step) % len(options)]
        items.append(
            VillagePlanItem(
                program_village=entry, measure=measure, title=title,
                budget=Decimal(budget + (index % 5) * 5000),
                status=PlanItemStatus.IN_PROGRESS if full and step == 0 else PlanItemStatus.PLANNED,
            )
        )  # fmt: skip
    return items


# --- The current fiscal year, for the dashboards ---------------------------------------------
# The seeds are of past years (FY 2564–2568), but dashboards open on the current FY. So
# that every widget has something to show for the demo provinces, the latest framework
# of each program is carried into the current FY with results of the periods reached so
# far, and the clubs' latest memberships into the current FY: all INVENTED, derived from
# the seeds' latest figures (the same value per period as a year earlier, members up 3 %),
# plus two INVENTED contest entries of Nakhon Phanom.
CURRENT_YEAR_PROGRAMS = {  # program → the provinces that reported its latest framework
    "to-be-number-one": ["48", "33"],
    "phetchabun-sufficiency": ["67"],
    "phrae-development-plan": ["54"],
}
CURRENT_YEAR_REPORTERS = {
    "48": "officer_nkp", "33": "officer_ssk", "67": "officer_pnb", "54": "officer_phr",
}  # fmt: skip
NKP_CURRENT_YEAR_ENTRIES = [  # INVENTED: this year's provincial round
    ("ชมรม TO BE NUMBER ONE สถานศึกษา", ContestResult.ADVANCED),
    ("ชมรม TO BE NUMBER ONE ในชุมชน", ContestResult.AWARD),
]


def current_year_load(today: datetime.date | None = None) -> dict[str, int]:
    """Carry the latest figures into the current fiscal year (see above); idempotent."""
    from reports.dashboards.periods import DashboardPeriod, current_quarter
    from thai.fiscal_year import fiscal_year_of

    today = today or datetime.date.today()
    year = fiscal_year_of(today)
    reached = DashboardPeriod(year, current_quarter(year, today))
    counts = Counter()
    results = []
    for slug, provinces in CURRENT_YEAR_PROGRAMS.items():
        program = Program.objects.filter(slug=slug).first()
        latest = (
            Objective.objects.filter(program=program, fiscal_year__lt=year)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        if program is None or latest is None:
            continue
        for source in Objective.objects.filter(program=program, fiscal_year=latest):
            objective, created = _objective(
                program, year, source.number, source.kind, source.name, source.description
            )
            counts["objectives"] += created
            for seed in source.indicators.order_by("pk"):
                indicator, created = _indicator(
                    objective, seed.province_id, seed.code, name=seed.name, kind=seed.kind,
                    unit=seed.unit, direction=seed.direction, baseline=seed.baseline,
                    target=seed.target, target_max=seed.target_max,
                    is_cumulative=seed.is_cumulative, at_risk_margin=seed.at_risk_margin,
                    frequency=seed.frequency, lead_agency=seed.lead_agency, order=seed.order,
                )  # fmt: skip
                counts["indicators"] += created
                earlier = {
                    (r.province_id, r.period): r
                    for r in IndicatorResult.objects.filter(indicator=seed)
                }
                for province_code in [seed.province_id] if seed.province_id else provinces:
                    for period in range(1, reached.periods_of(seed.frequency) + 1):
                        before = earlier.get((province_code, period)) or max(
                            (r for (code, _p), r in earlier.items() if code == province_code),
                            key=lambda r: r.period,
                            default=None,
                        )
                        if before is None:
                            continue
                        results.append(
                            _result(indicator, province_code, period, before.value,
                                    _user(CURRENT_YEAR_REPORTERS[province_code]),
                                    numerator=before.numerator,
                                    denominator=before.denominator)
                        )  # fmt: skip
    counts["indicator_results"] = _save_results(results)
    counts["memberships"] = _carry_memberships(year)
    counts["contest_entries"] = _current_year_entries(year)
    return dict(counts)


def _carry_memberships(year: int) -> int:
    have = set(ClubMembership.objects.filter(fiscal_year=year).values_list("club_id", flat=True))
    latest: dict[int, ClubMembership] = {}
    for membership in ClubMembership.objects.filter(
        club__province_id__in=CURRENT_YEAR_REPORTERS, fiscal_year__lt=year
    ).order_by("club_id", "fiscal_year"):
        latest[membership.club_id] = membership
    created = [
        ClubMembership(
            club_id=club_id,
            fiscal_year=year,
            members=min(m.target_population, round(m.members * 1.03)),
            target_population=m.target_population,
        )  # fmt: skip
        for club_id, m in latest.items()
        if club_id not in have
    ]
    bulk_create_with_history(created, ClubMembership)
    return len(created)


def _current_year_entries(year: int) -> int:
    club = Club.objects.filter(province_id="48").order_by("pk").first()
    made = 0
    for category, result in NKP_CURRENT_YEAR_ENTRIES if club else []:
        _entry, created = ContestEntry.objects.get_or_create(
            level=EntityLevel.CLUB, province_id="48", district_id=None, club=club,
            fiscal_year=year, stage=ContestStage.PROVINCE, category=category,
            defaults={"result": result},
        )  # fmt: skip
        made += created
    return made
