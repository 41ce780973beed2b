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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from demo.programs import NKP_VISIT_CLUBS_2566
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
from evaluations.services.results import site_result_finalise
from evaluations.services.rubrics import rubric_publish
from evaluations.services.scoring import score_sheet_submit
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


@dataclass(frozen=True)
class VisitSeed:
    """When, which club, where, the share of the maximum each evaluator gives, and
    their strengths and things to improve (one of each per evaluator)."""

    when: datetime.datetime
    club: str
    place: str
    shares: tuple[Decimal, Decimal]
    strengths: tuple[str, str]
    improvements: tuple[str, str]


@dataclass(frozen=True)
class RoundSeed:
    name: str
    fiscal_year: int
    stage: str
    province: str
    starts_on: datetime.date
    ends_on: datetime.date
    visits: list[VisitSeed]
    finalised: int  # the chair has finalised the first ``finalised`` sites


NKP_2566 = RoundSeed(
    name="ตรวจประเมินและติดตามผลการดำเนินงาน TO BE NUMBER ONE รอบพื้นที่ ประจำปี 2566",
    fiscal_year=2566,
    stage=ContestStage.NATIONAL,
    province="48",
    starts_on=datetime.date(2023, 6, 6),
    ends_on=datetime.date(2023, 6, 8),
    visits=[
        VisitSeed(
            datetime.datetime(2023, 6, 6, 14, 0),
            NKP_VISIT_CLUBS_2566[0],
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
        VisitSeed(
            datetime.datetime(2023, 6, 7, 9, 30),
            NKP_VISIT_CLUBS_2566[1],
            "ศาลาประชาคมบ้านนาสมดี",
            (Decimal("0.95"), Decimal("0.93")),
            (
                "ชุมชนเป็นเจ้าของกิจกรรม ผู้นำชุมชนและแกนนำเยาวชนทำงานร่วมกันอย่างเข้มแข็ง",
                "กองทุนชมรมมีบัญชีรับจ่ายชัดเจน",
            ),
            ("ควรถอดบทเรียนเพื่อขยายผลสู่หมู่บ้านใกล้เคียง", "ควรจัดทำทะเบียนการส่งต่อผู้มีปัญหาให้เป็นระบบ"),
        ),
        VisitSeed(
            datetime.datetime(2023, 6, 7, 14, 0),
            NKP_VISIT_CLUBS_2566[2],
            "ศาลาประชาคมบ้านนาราชควาย",
            (Decimal("0.84"), Decimal("0.70")),
            (
                "กิจกรรม TO BE NUMBER ONE DANCERCISE ได้รับความสนใจจากเยาวชนในชุมชน",
                "มีไอดอลต้นแบบที่เยาวชนยอมรับ",
            ),
            ("ควรเปิดศูนย์เพื่อนใจให้สม่ำเสมอและมีตารางเวรที่ชัดเจน", "ควรเพิ่มสัดส่วนสมาชิกต่อกลุ่มเป้าหมาย"),
        ),
        VisitSeed(
            datetime.datetime(2023, 6, 8, 9, 30),
            NKP_VISIT_CLUBS_2566[3],
            "มหาวิทยาลัยนครพนม",
            (Decimal("0.92"), Decimal("0.90")),
            ("นักศึกษาแกนนำมีศักยภาพสูง ใช้สื่อออนไลน์สร้างกระแสได้ดี", "เชื่อมโยงกับหลักสูตรและกิจกรรมของมหาวิทยาลัย"),
            ("ควรขยายเครือข่ายสู่สถานศึกษาระดับมัธยมในจังหวัด", "ควรวัดผลลัพธ์ต่อกลุ่มเป้าหมายให้เป็นตัวเลขชัดเจน"),
        ),
    ],
    # The fourth waits for review: the evaluators disagree there on one criterion.
    finalised=3,
)

# INVENTED: Sisaket's own provincial round of FY 2568 (no seed tells of one), so that its
# dashboard shows an evaluation too: two of its clubs, one finalised.
SSK_2568 = RoundSeed(
    name="ตรวจประเมินชมรม TO BE NUMBER ONE ระดับจังหวัด จังหวัดศรีสะเกษ ประจำปี 2568",
    fiscal_year=2568,
    stage=ContestStage.PROVINCE,
    province="33",
    starts_on=datetime.date(2025, 7, 15),
    ends_on=datetime.date(2025, 7, 16),
    visits=[
        VisitSeed(
            datetime.datetime(2025, 7, 15, 9, 30),
            "ชมรม TO BE NUMBER ONE โรงเรียนศรีสะเกษวิทยาลัย",
            "หอประชุมโรงเรียนศรีสะเกษวิทยาลัย",
            (Decimal("0.86"), Decimal("0.82")),
            ("แกนนำนักเรียนจัดกิจกรรมต่อเนื่องทุกภาคเรียน", "เชื่อมโยงกับครูแนะแนวและผู้ปกครอง"),
            ("ควรเปิดศูนย์เพื่อนใจช่วงพักกลางวันให้สม่ำเสมอ", "ควรเพิ่มสมาชิกจากนักเรียนชั้นมัธยมต้น"),
        ),
        VisitSeed(
            datetime.datetime(2025, 7, 16, 10, 0),
            "ชมรม TO BE NUMBER ONE เรือนจำจังหวัดศรีสะเกษ",
            "เรือนจำจังหวัดศรีสะเกษ",
            (Decimal("0.78"), Decimal("0.80")),
            ("ผู้ต้องขังแกนนำมีบทบาทชัดเจนในกิจกรรม", "มีกองทุนชมรมที่บริหารอย่างโปร่งใส"),
            ("ควรบันทึกผลการประเมิน EQ ก่อนและหลังกิจกรรม", "ควรประสานการดูแลต่อเนื่องหลังพ้นโทษ"),
        ),
    ],
    finalised=1,
)
ROUNDS = [NKP_2566, SSK_2568]
EVALUATORS = ["evaluator", "evaluator2"]  # the seed's two; the first chairs


def evaluations_demo_load() -> dict[str, int]:
    counts = {"rubrics": 0, "rounds": 0, "visits": 0, "score_sheets": 0, "results": 0}
    with transaction.atomic():
        for seed in ROUNDS:
            rubric, created = _load_rubric(seed.fiscal_year)
            counts["rubrics"] += int(created)
            round_, created = _load_round(seed, rubric)
            counts["rounds"] += int(created)
            for key, value in _load_visits_and_scores(seed, round_, rubric).items():
                counts[key] += value
    return counts


def _load_rubric(fiscal_year: int) -> tuple[Rubric, bool]:
    program = Program.objects.get(slug="to-be-number-one")
    rubric, created = Rubric.objects.get_or_create(
        program=program,
        fiscal_year=fiscal_year,
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


def _load_round(seed: RoundSeed, rubric: Rubric) -> tuple[EvaluationRound, bool]:
    round_, created = EvaluationRound.objects.get_or_create(
        name=seed.name,
        defaults={
            "program": rubric.program,
            "fiscal_year": seed.fiscal_year,
            "stage": seed.stage,
            "province_id": seed.province,
            "starts_on": seed.starts_on,
            "ends_on": seed.ends_on,
        },
    )
    round_.rubrics.add(rubric)
    for order, username in enumerate(EVALUATORS, start=1):
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


def _load_visits_and_scores(
    seed: RoundSeed, round_: EvaluationRound, rubric: Rubric
) -> dict[str, int]:
    evaluators = [seat.user for seat in round_.evaluators.select_related("user").order_by("order")]
    criteria = list(rubric.criteria())
    province = round_.province
    counts = {"visits": 0, "score_sheets": 0, "results": 0}
    for order, visit_seed in enumerate(seed.visits, start=1):
        club = Club.objects.get(province=province, name=visit_seed.club)
        when = visit_seed.when.replace(tzinfo=BANGKOK)
        visit, created = Visit.objects.get_or_create(
            round=round_,
            order=order,
            defaults={
                "scheduled_at": when,
                "place": visit_seed.place,
                "address": f"{club.district.name_th} จังหวัด{province.name_th}",
                "level": EntityLevel.CLUB,
                "province": province,
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
                criterion.pk: _points(criterion.max_points, visit_seed.shares[index], position)
                for position, criterion in enumerate(criteria)
            }
            if seed is NKP_2566 and order == len(seed.visits) and index == 1:
                # The second evaluator saw less measured outcome at the university.
                scores[criteria[-1].pk] = criteria[-1].max_points / 2
            score_sheet_submit(
                visit=visit,
                evaluator=evaluator,
                client_id=uuid.uuid5(NAMESPACE, f"{visit.pk}:{evaluator.username}"),
                rubric_id=rubric.pk,
                scores=scores,
                strengths=visit_seed.strengths[index],
                improvements=visit_seed.improvements[index],
                edited_at=when + datetime.timedelta(hours=2),
            )
            counts["score_sheets"] += 1
        if order <= seed.finalised and not SiteResult.objects.filter(visit=visit).exists():
            site_result_finalise(visit=visit, user=evaluators[0])
            counts["results"] += 1
    return counts
