"""Demo data built from the five seed news items (/work/shared/seeds), for ``load_demo``.

Loading is idempotent: a row is found by its natural key (code, slug, subdistrict and
number, username) and created only when missing. A row that is already there is never
changed — an official import, an administrator's edit or an officer's entry is better
than the demo's — and nothing is ever deleted.
"""

from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_create
from programs.demo_geography import DISTRICTS, PROVINCES, SUBDISTRICTS, province_name_en
from programs.models import District, Program, Province, Region, Subdistrict, Village

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
]

# The ร้อยใจรักษ์ expansion as reported in seed 002: these totals are real.
ROI_JAI_RAK_TOTALS = {"villages": 47, "subdistricts": 33, "districts": 19, "provinces": 4}

# (subdistrict code, หมู่ที่, village name without "บ้าน"). The subdistricts are real
# (demo_geography.SUBDISTRICTS); the village numbers and names are INVENTED for the
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
    {
        "username": "executive",
        "role": Role.EXECUTIVE,
        "province_code": None,  # no province: a national executive
        "first_name": "นายประเสริฐ",
        "last_name": "วงศ์ประเทศ",
        "position": "ผู้บริหารส่วนกลาง",
    },
]


# --- Loading -----------------------------------------------------------------------


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create whatever demo rows are missing; return how many of each were created.

    A second run returns only zeros.
    """
    counts = _load_geography()
    counts["programs"] = _load_programs()
    counts["villages"] = _load_villages()
    counts["users"] = _load_users()
    return counts


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
    for facts in missing:
        user_create(password=DEMO_PASSWORD, **facts)
    return len(missing)
