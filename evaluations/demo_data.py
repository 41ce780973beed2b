"""Demo data of the evaluations app, from seed 000: the TO BE NUMBER ONE sub-committee
(นายวีรวัฒน์ เต็งอำนวย and นางพรประภา แกล้วกล้า) visits Nakhon Phanom on 6–8 June 2566
and scores four clubs in order, with strengths and things to improve for each.

The rubric follows the real structure in DOMAIN.md (strategy results 4 points =
campaign 1 + immunity 1.5 + network 1.5 in sub-items of 0.3–0.5; 3 ก.; membership as a
share of the target population with a ≥ 80 % top band). The visit times, the scores and
the comments are INVENTED: the seed names the clubs and the kind of feedback only.

Loading is idempotent: rows are found by natural keys, and the phones' submission ids
are derived from the visit and the evaluator, so a second load sends "the same" sheets
again and the API rule (an id seen before changes nothing) keeps them single.
"""

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from evaluations.models import (
    Criterion,
    EvaluationRound,
    RoundEvaluator,
    Rubric,
    RubricComponent,
    ScoreSheet,
    SiteResult,
    TierBand,
    Visit,
    VisitAssignment,
)
from evaluations.services import rubric_publish, score_sheet_submit, site_result_finalise
from programs.demo_data import NKP_VISIT_CLUBS_2566
from programs.models import Club, ContestStage, EntityLevel, Program, Tier

BANGKOK = ZoneInfo("Asia/Bangkok")
NAMESPACE = uuid.UUID("8f6d1f52-3b1a-4d4e-9a57-2566d0480000")

# (component title, [(criterion text, max points, guidance, evidence)])
CLUB_RUBRIC_2566 = [
    (
        "การรณรงค์ปลูกจิตสำนึกและสร้างกระแสนิยมที่เอื้อต่อการป้องกันปัญหายาเสพติด",
        [
            (
                "จัดกิจกรรมรณรงค์อย่างต่อเนื่องตลอดปี",
                Decimal("0.5"),
                "เต็มเมื่อมีกิจกรรมอย่างน้อยไตรมาสละ 1 ครั้ง",
                "แผนและภาพกิจกรรม",
            ),
            (
                "สื่อประชาสัมพันธ์และการสร้างกระแสผ่านสื่อออนไลน์",
                Decimal("0.5"),
                "พิจารณาความต่อเนื่องและการเข้าถึงกลุ่มเป้าหมาย",
                "ตัวอย่างสื่อ สถิติการเข้าถึง",
            ),
        ],
    ),
    (
        "การเสริมสร้างภูมิคุ้มกันทางจิตใจแก่เยาวชน",
        [
            (
                "ศูนย์เพื่อนใจ TO BE NUMBER ONE เปิดให้บริการสม่ำเสมอ",
                Decimal("0.5"),
                "มีตารางเปิดบริการและผู้ดูแลประจำ",
                "ตารางเวร ทะเบียนผู้รับบริการ",
            ),
            (
                "กิจกรรมพัฒนาความฉลาดทางอารมณ์และทักษะชีวิต",
                Decimal("0.5"),
                "มีการประเมิน EQ ก่อนและหลังกิจกรรม",
                "ผลประเมิน EQ",
            ),
            (
                "ระบบคัดกรองและส่งต่อผู้มีปัญหา",
                Decimal("0.5"),
                "มีแนวทางส่งต่อที่ชัดเจนกับหน่วยบริการสาธารณสุข",
                "แบบคัดกรอง บันทึกการส่งต่อ",
            ),
        ],
    ),
    (
        "การสร้างและพัฒนาเครือข่ายเพื่อการป้องกันและแก้ไขปัญหายาเสพติด",
        [
            (
                "ภาคีเครือข่ายร่วมดำเนินงาน",
                Decimal("0.5"),
                "นับหน่วยงานที่มีบทบาทจริงในกิจกรรมของปี",
                "บันทึกความร่วมมือ",
            ),
            (
                "แกนนำและไอดอล TO BE NUMBER ONE",
                Decimal("0.5"),
                "มีแกนนำที่ผ่านการอบรมและมีบทบาทในกิจกรรม",
                "ทะเบียนแกนนำ",
            ),
            ("การขยายผลสู่ชุมชนและชมรมอื่น", Decimal("0.5"), "", "ภาพและรายงานการขยายผล"),
        ],
    ),
    (
        "การบริหารจัดการชมรม (3 ก.)",
        [
            (
                "มีคณะกรรมการชมรมและประชุมสม่ำเสมอ (ก.1)",
                Decimal("0.3"),
                "",
                "คำสั่งแต่งตั้ง รายงานการประชุม",
            ),
            ("มีกองทุนและบัญชีรับจ่ายโปร่งใส (ก.2)", Decimal("0.3"), "", "สมุดบัญชี"),
            ("มีแผนและดำเนินกิจกรรมตามแผน (ก.3)", Decimal("0.4"), "", "แผนปฏิบัติการประจำปี"),
        ],
    ),
    (
        "สมาชิกชมรม",
        [
            (
                "สัดส่วนสมาชิกต่อกลุ่มเป้าหมาย",
                Decimal("1.0"),
                "ร้อยละ 80 ขึ้นไป = 1.0, 60–79 = 0.7, 40–59 = 0.5, ต่ำกว่า 40 = 0.3",
                "ทะเบียนสมาชิก (จำนวน ไม่ใช้ข้อมูลส่วนบุคคล)",
            ),
            ("จำนวนสมาชิกเพิ่มขึ้นจากปีก่อน", Decimal("1.0"), "", "ทะเบียนสมาชิกรายปี"),
        ],
    ),
    (
        "ผลงานเด่นและนวัตกรรม",
        [
            ("ผลงานหรือนวัตกรรมที่เป็นแบบอย่างได้", Decimal("1.5"), "", "เอกสารนำเสนอผลงาน"),
            ("ผลลัพธ์ต่อกลุ่มเป้าหมายที่วัดได้", Decimal("1.5"), "", "ข้อมูลก่อนและหลังดำเนินงาน"),
        ],
    ),
]
# Total 10 points.
BANDS_2566 = [
    (Tier.OUTSTANDING, Decimal("6.00")),
    (Tier.STANDARD_READY, Decimal("7.00")),
    (Tier.MODEL_SILVER, Decimal("8.00")),
    (Tier.GOLD, Decimal("8.50")),
    (Tier.DIAMOND, Decimal("9.00")),
    (Tier.TOP_DIAMOND, Decimal("9.50")),
]

ROUND_NAME = "ตรวจประเมินและติดตามผลการดำเนินงาน TO BE NUMBER ONE รอบพื้นที่ ประจำปี 2566"

# Visit time, place, share of the maximum each evaluator gives, and their comments.
VISITS = [
    (
        datetime.datetime(2023, 6, 6, 14, 0),
        "สำนักงานคุมประพฤติจังหวัดนครพนม",
        (Decimal("0.88"), Decimal("0.85")),
        (
            "ใช้ศูนย์เพื่อนใจเป็นพื้นที่ปรับพฤติกรรมผู้ถูกคุมความประพฤติได้ดี มีภาคีเครือข่ายหลากหลาย",
            "มีระบบติดตามผลผู้ผ่านกิจกรรมหลังพ้นการคุมประพฤติ",
        ),
        (
            "ควรบันทึกผลการประเมิน EQ ก่อนและหลังเข้าร่วมกิจกรรมให้ครบทุกรุ่น",
            "ควรเพิ่มสื่อประชาสัมพันธ์ออนไลน์ให้ต่อเนื่อง",
        ),
    ),
    (
        datetime.datetime(2023, 6, 7, 9, 30),
        "ศาลาประชาคมบ้านนาสมดี",
        (Decimal("0.95"), Decimal("0.93")),
        (
            "ชุมชนเป็นเจ้าของกิจกรรม ผู้นำชุมชนและแกนนำเยาวชนทำงานร่วมกันอย่างเข้มแข็ง",
            "กองทุนชมรมมีบัญชีรับจ่ายชัดเจน",
        ),
        ("ควรถอดบทเรียนเพื่อขยายผลสู่หมู่บ้านใกล้เคียง", "ควรจัดทำทะเบียนการส่งต่อผู้มีปัญหาให้เป็นระบบ"),
    ),
    (
        datetime.datetime(2023, 6, 7, 14, 0),
        "ศาลาประชาคมบ้านนาราชควาย",
        (Decimal("0.84"), Decimal("0.70")),
        (
            "กิจกรรม TO BE NUMBER ONE DANCERCISE ได้รับความสนใจจากเยาวชนในชุมชน",
            "มีไอดอลต้นแบบที่เยาวชนยอมรับ",
        ),
        ("ควรเปิดศูนย์เพื่อนใจให้สม่ำเสมอและมีตารางเวรที่ชัดเจน", "ควรเพิ่มสัดส่วนสมาชิกต่อกลุ่มเป้าหมาย"),
    ),
    (
        datetime.datetime(2023, 6, 8, 9, 30),
        "มหาวิทยาลัยนครพนม",
        (Decimal("0.92"), Decimal("0.90")),
        ("นักศึกษาแกนนำมีศักยภาพสูง ใช้สื่อออนไลน์สร้างกระแสได้ดี", "เชื่อมโยงกับหลักสูตรและกิจกรรมของมหาวิทยาลัย"),
        ("ควรขยายเครือข่ายสู่สถานศึกษาระดับมัธยมในจังหวัด", "ควรวัดผลลัพธ์ต่อกลุ่มเป้าหมายให้เป็นตัวเลขชัดเจน"),
    ),
]
# The chair finalises the first three; the fourth waits for review (the evaluators
# disagree there on one criterion, which the result page flags).
FINALISED = 3


def evaluations_demo_load() -> dict[str, int]:
    with transaction.atomic():
        rubric, rubric_created = _load_rubric()
        round_, round_created = _load_round(rubric)
        counts = {"rubrics": int(rubric_created), "rounds": int(round_created)}
        counts.update(_load_visits_and_scores(round_, rubric))
    return counts


def _load_rubric() -> tuple[Rubric, bool]:
    program = Program.objects.get(slug="to-be-number-one")
    rubric, created = Rubric.objects.get_or_create(
        program=program,
        fiscal_year=2566,
        entity_level=EntityLevel.CLUB,
        club_type="",
        version=1,
        defaults={"name": "เกณฑ์การประเมินชมรม TO BE NUMBER ONE"},
    )
    if not created:
        return rubric, False
    for component_order, (title, criteria) in enumerate(CLUB_RUBRIC_2566, start=1):
        component = RubricComponent.objects.create(
            rubric=rubric, order=component_order, title=title
        )
        Criterion.objects.bulk_create(
            Criterion(
                component=component,
                order=order,
                text=text,
                max_points=max_points,
                guidance=guidance,
                evidence=evidence,
            )
            for order, (text, max_points, guidance, evidence) in enumerate(criteria, start=1)
        )
    TierBand.objects.bulk_create(
        TierBand(rubric=rubric, tier=tier, min_score=min_score) for tier, min_score in BANDS_2566
    )
    return rubric_publish(rubric=rubric), True


def _load_round(rubric: Rubric) -> tuple[EvaluationRound, bool]:
    round_, created = EvaluationRound.objects.get_or_create(
        name=ROUND_NAME,
        defaults={
            "program": rubric.program,
            "fiscal_year": 2566,
            "stage": ContestStage.NATIONAL,
            "province_id": "48",
            "starts_on": datetime.date(2023, 6, 6),
            "ends_on": datetime.date(2023, 6, 8),
        },
    )
    round_.rubrics.add(rubric)
    for order, username in enumerate(["evaluator", "evaluator2"], start=1):
        user = User.objects.get(username=username)
        RoundEvaluator.objects.get_or_create(
            round=round_,
            user=user,
            defaults={"position": user.position, "is_chair": order == 1, "order": order},
        )
    return round_, created


def _points(max_points: Decimal, share: Decimal, criterion_index: int) -> Decimal:
    """A plausible score: the share of the maximum, nudged per criterion, in 0.05 steps."""
    nudge = Decimal((criterion_index * 7) % 5 - 2) / 40
    raw = max_points * min(Decimal("1"), max(Decimal("0.3"), share + nudge))
    return (raw * 20).quantize(Decimal("1"), ROUND_HALF_UP) / 20


def _load_visits_and_scores(round_: EvaluationRound, rubric: Rubric) -> dict[str, int]:
    evaluators = [seat.user for seat in round_.evaluators.select_related("user").order_by("order")]
    criteria = list(rubric.criteria())
    counts = {"visits": 0, "score_sheets": 0, "results": 0}
    for order, (when, place, shares, strengths, improvements) in enumerate(VISITS, start=1):
        club = Club.objects.get(province_id="48", name=NKP_VISIT_CLUBS_2566[order - 1])
        visit, created = Visit.objects.get_or_create(
            round=round_,
            order=order,
            defaults={
                "scheduled_at": when.replace(tzinfo=BANGKOK),
                "place": place,
                "address": f"{club.district.name_th} จังหวัดนครพนม",
                "level": EntityLevel.CLUB,
                "province_id": "48",
                "district_id": club.district_id,
                "club": club,
                "rubric": rubric,
            },
        )
        counts["visits"] += int(created)
        for index, evaluator in enumerate(evaluators):
            VisitAssignment.objects.get_or_create(visit=visit, evaluator=evaluator)
            if ScoreSheet.objects.filter(visit=visit, evaluator=evaluator).exists():
                continue
            scores = {
                criterion.pk: _points(criterion.max_points, shares[index], position)
                for position, criterion in enumerate(criteria)
            }
            if order == len(VISITS) and index == 1:
                # The second evaluator saw less measured outcome at the university.
                scores[criteria[-1].pk] = criteria[-1].max_points / 2
            score_sheet_submit(
                visit=visit,
                evaluator=evaluator,
                client_id=uuid.uuid5(NAMESPACE, f"{visit.pk}:{evaluator.username}"),
                rubric_id=rubric.pk,
                scores=scores,
                strengths=strengths[index],
                improvements=improvements[index],
                edited_at=when.replace(tzinfo=BANGKOK) + datetime.timedelta(hours=2),
            )
            counts["score_sheets"] += 1
        if order <= FINALISED and not SiteResult.objects.filter(visit=visit).exists():
            site_result_finalise(visit=visit, user=evaluators[0])
            counts["results"] += 1
    return counts
