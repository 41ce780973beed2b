"""National-scale data in the benchmark database (PostgreSQL ``monitor_bench``).

    .venv/bin/python -m bench.national_data [--reset] [--clubs 50000] [--seed 2568]

What it makes:

* the real geography: 77 provinces, 928 districts, 7,436 subdistricts
  (``settings.SHARED_DATA_DIR / "geography"`` through ``programs.geography_import``);
* 50,000 TO BE NUMBER ONE clubs spread over every district (as many per district,
  give or take one), each with its membership of FY 2567 and 2568 and, for about
  a third of them, a tier of FY 2567 and 2568 — plus the four Nakhon Phanom clubs
  of the 2566 evaluation visit, so that a search for "นาสมดี" has something to find;
* a program with an objective for the current fiscal year, 10 monthly indicators,
  and a result for every province, indicator and month: 77 × 10 × 12 = 9,240 rows;
* two committees per province (154) with 20,000 meetings over the current and the
  previous fiscal year (and a few scheduled ahead), 10 agenda items each (200,000)
  and an action item under each agenda item (200,000: a third still open, due dates
  spread around today, so some are overdue), for ``bench/dashboards.py``;
* a published club rubric of 20 criteria and a round of the current fiscal year in every
  province, visiting its clubs with two evaluators each: 12,500 visits, 25,000 score
  sheets and 500,000 scores, about half of the sites with a finalised result;
* the boundaries of the 77 provinces and 928 districts (``import_boundaries``), when
  ``settings.SHARED_DATA_DIR / "boundaries"`` exists;
* an administrator (``bench_admin``) and an officer of Nakhon Phanom
  (``bench_officer``) for ``bench/clubs.py``.

Idempotent: a second run finds what is there and adds nothing. ``--reset`` first
deletes the clubs, their records, the program and its results made here.
Everything is written with ``bulk_create`` (no change history: this is load, not
user work).
"""

import argparse
import random
import time
from decimal import Decimal

from bench._setup import django_setup

CLUB_NAME_PREFIX = "ชมรม TO BE NUMBER ONE"
PROGRAM_SLUG = "bench-national"
INDICATORS = 10
PERIODS = 12
MEMBERSHIP_YEARS = (2567, 2568)
COMMITTEES_PER_PROVINCE = 2
MEETINGS = 20_000
AGENDA_ITEMS_PER_MEETING = 10
BENCH_COMMITTEE = "คณะกรรมการทดสอบระดับประเทศ"
BENCH_ROUND = "รอบประเมินทดสอบระดับประเทศ"
CRITERIA = 20  # 4 components × 5 criteria
EVALUATORS_PER_PROVINCE = 2
SCORES = 500_000  # = visits × evaluators per visit × criteria
SEED_CLUBS = [  # the clubs the 2566 visit of Nakhon Phanom went to, in its order
    ("4801", "probation", "", "สำนักงานคุมประพฤติจังหวัดนครพนม"),
    ("4801", "community", "", "ชุมชนบ้านนาสมดี"),
    ("4801", "community", "", "ชุมชนบ้านนาราชควาย"),
    ("4801", "school", "university", "มหาวิทยาลัยนครพนม"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="delete what this script made first")
    parser.add_argument("--clubs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2568)
    args = parser.parse_args()
    django_setup()

    started = time.perf_counter()
    if args.reset:
        _reset()
    _step("geography", _geography)
    _step("users", _users)
    _step("clubs", lambda: _clubs(args.clubs, random.Random(args.seed)))
    _step("memberships and tiers", lambda: _club_records(random.Random(args.seed + 1)))
    _step("program, indicators and results", lambda: _indicators(random.Random(args.seed + 2)))
    _step("meetings, agenda and action items", lambda: _meetings(random.Random(args.seed + 3)))
    _step(
        "evaluation rounds, sheets and scores", lambda: _evaluations(random.Random(args.seed + 4))
    )
    _step("boundaries", _boundaries)
    _step("analyze", _analyze)
    _counts()
    print(f"total {time.perf_counter() - started:.1f} s")


def _step(label: str, work) -> None:
    started = time.perf_counter()
    made = work()
    print(f"{label}: {made} in {time.perf_counter() - started:.1f} s")


def _reset() -> None:
    """Delete the clubs, their records, the bench program and their history, in SQL.

    ``QuerySet.delete()`` would collect 50,000 clubs in Python and write a history
    record for each deletion: minutes for what is only clean-up.
    """
    from evaluations.models import EvaluationRound, Rubric, Score, ScoreSheet, Visit
    from meetings.models import ActionItem, AgendaItem, Committee, Meeting
    from programs.models import (
        Club,
        ClubMembership,
        ContestEntry,
        Indicator,
        IndicatorResult,
        Objective,
        Program,
        TierAward,
    )

    started = time.perf_counter()
    rounds = EvaluationRound.objects.filter(name__startswith=BENCH_ROUND)
    for queryset in [
        Score.objects.filter(sheet__visit__round__in=rounds),
        ScoreSheet.objects.filter(visit__round__in=rounds),
    ]:
        queryset._raw_delete(queryset.db)
    Visit.objects.filter(round__in=rounds).delete()
    rounds.delete()
    Rubric.objects.filter(name__startswith=BENCH_ROUND).delete()
    program = Program.objects.filter(slug=PROGRAM_SLUG)
    committees = Committee.objects.filter(name__startswith=BENCH_COMMITTEE)
    querysets = [
        ActionItem.objects.filter(agenda_item__meeting__committee__in=committees),
        AgendaItem.objects.filter(meeting__committee__in=committees),
        Meeting.objects.filter(committee__in=committees),
        Committee.provinces.through.objects.filter(committee__in=committees),
        committees,
        IndicatorResult.history.filter(indicator__objective__program__in=program),
        IndicatorResult.objects.filter(indicator__objective__program__in=program),
        Indicator.objects.filter(objective__program__in=program),
        Objective.objects.filter(program__in=program),
    ]
    for model in (ContestEntry, TierAward, ClubMembership, Club):
        querysets += [model.history.all(), model.objects.all()]
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    program.delete()
    print(f"reset in {time.perf_counter() - started:.1f} s")


def _geography() -> str:
    from django.conf import settings

    from programs.geography_import import geography_import
    from programs.models import Province

    if Province.objects.count() >= 77:
        return "already there"
    result = geography_import(directory=settings.SHARED_DATA_DIR / "geography")
    return ", ".join(f"{name} {c.created:,}" for name, c in result.counts.items())


def _users() -> str:
    from accounts.models import Role, User

    made = 0
    for username, role, province in [
        ("bench_admin", Role.ADMINISTRATOR, None),
        ("bench_officer", Role.OFFICER, "48"),
    ]:
        _user, created = User.objects.get_or_create(
            username=username, defaults={"role": role, "province_id": province}
        )
        made += created
    return f"{made} new"


def _clubs(total: int, rng: random.Random) -> str:
    from programs.models import Club, ClubType, District, SchoolLevel, Subdistrict

    if Club.objects.count() >= total:
        return "already there"
    districts = list(District.objects.order_by("code"))
    subdistricts: dict[str, list] = {}
    for subdistrict in Subdistrict.objects.order_by("code"):
        subdistricts.setdefault(subdistrict.district_id, []).append(subdistrict)
    existing = set(Club.objects.values_list("district_id", "name"))
    types = [ClubType.SCHOOL] * 5 + [ClubType.COMMUNITY] * 3 + [
        ClubType.WORKPLACE, ClubType.JUVENILE_CENTRE, ClubType.PRISON, ClubType.PROBATION
    ]  # fmt: skip
    levels = list(SchoolLevel.values)
    hosts = {ClubType.SCHOOL: "โรงเรียนบ้าน", ClubType.COMMUNITY: "ชุมชนบ้าน",
             ClubType.WORKPLACE: "สถานประกอบการ", ClubType.JUVENILE_CENTRE: "ศูนย์ฝึกและอบรม",
             ClubType.PRISON: "เรือนจำ", ClubType.PROBATION: "สำนักงานคุมประพฤติ"}  # fmt: skip
    clubs = []
    by_code = {d.code: d for d in districts}
    for code, club_type, level, host in SEED_CLUBS:
        district = by_code.get(code)
        name = f"{CLUB_NAME_PREFIX} {host}"
        if district and (code, name) not in existing:
            clubs.append(Club(province_id=district.province_id, district=district, name=name,
                              club_type=club_type, school_level=level, host_organisation=host,
                              has_committee=True, has_fund=True, has_activities=True,
                              has_friend_corner=True))  # fmt: skip
            existing.add((code, name))
    index = 0
    while len(existing) < total:
        district = districts[index % len(districts)]
        index += 1
        places = subdistricts.get(district.code) or [None]
        place = rng.choice(places)
        club_type = rng.choice(types)
        village = place.name_th if place else district.name_th
        name = f"{CLUB_NAME_PREFIX} {hosts[club_type]}{village} {index}"
        if (district.code, name) in existing:
            continue
        existing.add((district.code, name))
        three_k = rng.random() < 0.7
        clubs.append(
            Club(
                province_id=district.province_id,
                district=district,
                subdistrict=place,
                name=name,
                club_type=club_type,
                school_level=rng.choice(levels) if club_type == ClubType.SCHOOL else "",
                host_organisation=f"{hosts[club_type]}{village}",
                contact_phone=f"0{rng.randint(20_000_000, 99_999_999)}",
                has_friend_corner=rng.random() < 0.3,
                has_committee=three_k or rng.random() < 0.5,
                has_fund=three_k or rng.random() < 0.3,
                has_activities=three_k or rng.random() < 0.8,
                is_active=rng.random() < 0.95,
            )
        )
    Club.objects.bulk_create(clubs, batch_size=5000)
    return f"{len(clubs):,} new"


def _club_records(rng: random.Random) -> str:
    from programs.models import Club, ClubMembership, EntityLevel, TierAward

    if ClubMembership.objects.exists():
        return "already there"
    memberships, tiers = [], []
    for club_id, province_id in Club.objects.values_list("pk", "province_id").order_by("pk"):
        target = rng.randint(50, 3000)
        members = int(target * rng.uniform(0.3, 1.0))
        for year in MEMBERSHIP_YEARS:
            memberships.append(
                ClubMembership(
                    club_id=club_id, fiscal_year=year, members=members, target_population=target
                )
            )
            members = min(target, int(members * rng.uniform(1.0, 1.15)))
        if rng.random() < 0.35:
            tier = rng.randint(1, 5)
            for consecutive, year in enumerate(MEMBERSHIP_YEARS, start=1):
                tiers.append(TierAward(level=EntityLevel.CLUB, province_id=province_id,
                                       club_id=club_id, fiscal_year=year, tier=tier,
                                       consecutive_year=consecutive))  # fmt: skip
                tier = min(6, tier + (rng.random() < 0.3))
    ClubMembership.objects.bulk_create(memberships, batch_size=10_000)
    TierAward.objects.bulk_create(tiers, batch_size=10_000)
    return f"{len(memberships):,} memberships, {len(tiers):,} tier awards"


def _indicators(rng: random.Random) -> str:
    from accounts.models import User
    from programs.models import (
        Frequency,
        Indicator,
        IndicatorKind,
        IndicatorResult,
        Objective,
        ObjectiveKind,
        Program,
        Province,
    )
    from thai.fiscal_year import current_fiscal_year

    program, _created = Program.objects.get_or_create(
        slug=PROGRAM_SLUG,
        defaults={"name_th": "โครงการทดสอบระดับประเทศ", "name_en": "National benchmark program",
                  "start_year": 2566},
    )  # fmt: skip
    fiscal_year = current_fiscal_year()
    objective, _created = Objective.objects.get_or_create(
        program=program,
        fiscal_year=fiscal_year,
        number=1,
        defaults={"kind": ObjectiveKind.STRATEGY, "name": "ยุทธศาสตร์ทดสอบ"},
    )
    indicators = []
    for number in range(1, INDICATORS + 1):
        indicator, _created = Indicator.objects.get_or_create(
            objective=objective,
            province=None,
            code=f"B-{number:02d}",
            defaults={
                "name": f"ตัวชี้วัดทดสอบที่ {number}",
                "kind": IndicatorKind.AMOUNT,
                "unit": "ครั้ง",
                "target": Decimal(100 * number),
                "frequency": Frequency.MONTHLY,
                "order": number,
            },
        )
        indicators.append(indicator)
    if IndicatorResult.objects.filter(indicator__objective=objective).exists():
        return "already there"
    user = User.objects.get(username="bench_admin")
    statuses = ["on_track", "at_risk", "off_track"]
    results = [
        IndicatorResult(
            indicator=indicator,
            province=province,
            period=period,
            value=Decimal(rng.randint(0, 120 * indicator.order)),
            status=rng.choice(statuses),
            entered_by=user,
        )
        for province in Province.objects.all()
        for indicator in indicators
        for period in range(1, PERIODS + 1)
    ]
    IndicatorResult.objects.bulk_create(results, batch_size=5000)
    return f"1 program, 1 objective, {len(indicators)} indicators, {len(results):,} results"


def _meetings(rng: random.Random) -> str:
    """Committees, meetings, agenda items and action items, by ``bulk_create`` (no search
    text: the dashboards count, they do not search)."""
    import datetime

    from django.utils import timezone

    from meetings.models import ActionItem, AgendaItem, Committee, Meeting
    from programs.models import Province
    from thai.dates import be_year
    from thai.fiscal_year import current_fiscal_year, fiscal_year_range

    if Committee.objects.filter(name__startswith=BENCH_COMMITTEE).exists():
        return "already there"
    provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    committees = Committee.objects.bulk_create(
        Committee(name=f"{BENCH_COMMITTEE} {code}-{n}")
        for code in provinces
        for n in range(1, COMMITTEES_PER_PROVINCE + 1)
    )
    Link = Committee.provinces.through
    Link.objects.bulk_create(
        Link(committee_id=committee.pk, province_id=committee.name.rsplit(" ", 1)[1][:2])
        for committee in committees
    )
    start = fiscal_year_range(current_fiscal_year() - 1)[0]
    today = timezone.localdate()
    span = (today - start).days + 60  # two years back, and two months of scheduled ones
    numbers: dict[tuple[int, int], int] = {}
    meetings = []
    for index in range(MEETINGS):
        committee = committees[index % len(committees)]
        date = start + datetime.timedelta(days=rng.randrange(span))
        year = be_year(date.year)
        numbers[(committee.pk, year)] = number = numbers.get((committee.pk, year), 0) + 1
        meetings.append(Meeting(committee=committee, number=number, year=year, date=date,
                                venue="ห้องประชุมศาลากลางจังหวัด"))  # fmt: skip
    meetings = Meeting.objects.bulk_create(meetings, batch_size=5000)
    items = [
        AgendaItem(meeting=meeting, part=4, sub=sub, title=f"เรื่องเพื่อพิจารณาที่ {sub}")
        for meeting in meetings
        for sub in range(1, AGENDA_ITEMS_PER_MEETING + 1)
    ]
    items = AgendaItem.objects.bulk_create(items, batch_size=10_000)
    dates = {meeting.pk: meeting.date for meeting in meetings}
    statuses = ["done", "done", "open", "in_progress", "dropped", "done"]
    actions = [
        ActionItem(
            agenda_item=item,
            description="ติดตามและรายงานผลการดำเนินงานต่อที่ประชุม",
            responsible=rng.choice(
                [
                    "สำนักงานสาธารณสุขจังหวัด",
                    "สำนักงานศึกษาธิการจังหวัด",
                    "ที่ทำการปกครองจังหวัด",
                    "สำนักงานพัฒนาชุมชนจังหวัด",
                ]
            ),
            due_date=dates[item.meeting_id] + datetime.timedelta(days=rng.randint(14, 120)),
            status=rng.choice(statuses),
            order=1,
        )  # fmt: skip
        for item in items
    ]
    ActionItem.objects.bulk_create(actions, batch_size=10_000)
    return (
        f"{len(committees)} committees, {len(meetings):,} meetings, {len(items):,} agenda items, "
        f"{len(actions):,} action items"
    )


def _evaluations(rng: random.Random) -> str:
    """Rounds, visits, sheets and 500,000 scores by ``bulk_create`` (no history)."""
    import datetime
    import uuid

    from django.utils import timezone

    from accounts.models import Role, User
    from evaluations.models import (
        Criterion,
        EvaluationRound,
        ResultStatus,
        RoundEvaluator,
        Rubric,
        RubricComponent,
        RubricStatus,
        Score,
        ScoreSheet,
        SiteResult,
        TierBand,
        Visit,
        VisitAssignment,
    )
    from programs.models import Club, Program, Province
    from thai.fiscal_year import current_fiscal_year

    if EvaluationRound.objects.filter(name__startswith=BENCH_ROUND).exists():
        return "already there"
    fiscal_year = current_fiscal_year()
    program = Program.objects.get(slug=PROGRAM_SLUG)
    rubric = Rubric.objects.create(
        program=program, fiscal_year=fiscal_year, name=f"{BENCH_ROUND} เกณฑ์",
        status=RubricStatus.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    maxima = [Decimal("0.3"), Decimal("0.5"), Decimal("0.5"), Decimal("1.0"), Decimal("1.5")]
    components = RubricComponent.objects.bulk_create(
        RubricComponent(rubric=rubric, order=n, title=f"องค์ประกอบที่ {n}") for n in range(1, 5)
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(component=component, order=n, text=f"ประเด็น {component.order}.{n}",
                  max_points=maxima[n - 1])
        for component in components
        for n in range(1, 6)
    )  # fmt: skip
    TierBand.objects.bulk_create(
        TierBand(rubric=rubric, tier=tier, min_score=Decimal(minimum))
        for tier, minimum in [(1, "9.6"), (2, "11.2"), (3, "12.8"), (4, "13.6"), (5, "14.4")]
    )
    provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    evaluators = User.objects.bulk_create(
        User(username=f"bench_evaluator_{code}_{n}", role=Role.EVALUATOR, password="!")
        for code in provinces
        for n in range(EVALUATORS_PER_PROVINCE)
    )
    visits_per_province = SCORES // (CRITERIA * EVALUATORS_PER_PROVINCE) // len(provinces)
    start = datetime.datetime.combine(timezone.localdate(), datetime.time(9), tzinfo=datetime.UTC)
    visits, seats = [], []
    for index, code in enumerate(provinces):
        round_ = EvaluationRound.objects.create(
            program=program, fiscal_year=fiscal_year, province_id=code,
            name=f"{BENCH_ROUND} {code}", starts_on=start.date(), ends_on=start.date(),
        )  # fmt: skip
        round_.rubrics.add(rubric)
        pair = evaluators[index * 2 : index * 2 + 2]
        seats += [RoundEvaluator(round=round_, user=user, is_chair=n == 0, order=n)
                  for n, user in enumerate(pair)]  # fmt: skip
        clubs = Club.objects.filter(province_id=code).values_list("pk", "district_id")
        for order, (club_id, district_id) in enumerate(clubs[:visits_per_province], start=1):
            visits.append(Visit(round=round_, order=order, scheduled_at=start, place="ที่ตั้งชมรม",
                                level="club", province_id=code, district_id=district_id,
                                club_id=club_id, rubric=rubric))  # fmt: skip
    RoundEvaluator.objects.bulk_create(seats)
    visits = Visit.objects.bulk_create(visits, batch_size=5000)
    pair_of = {seat.round_id: [] for seat in seats}
    for seat in seats:
        pair_of[seat.round_id].append(seat.user_id)
    VisitAssignment.objects.bulk_create(
        (VisitAssignment(visit=visit, evaluator_id=user) for visit in visits
         for user in pair_of[visit.round_id]),
        batch_size=10_000,
    )  # fmt: skip
    sheets = ScoreSheet.objects.bulk_create(
        (ScoreSheet(visit=visit, evaluator_id=user, rubric=rubric, edited_at=start,
                    client_id=uuid.uuid4(), strengths="แกนนำเข้มแข็ง")
         for visit in visits for user in pair_of[visit.round_id]),
        batch_size=10_000,
    )  # fmt: skip
    totals: dict[int, Decimal] = {}
    scores = []
    for sheet in sheets:
        share = Decimal(rng.randint(50, 100)) / 100
        for criterion in criteria:
            points = (criterion.max_points * share * 20).quantize(Decimal("1")) / 20
            scores.append(Score(sheet=sheet, criterion=criterion, points=points))
            totals[sheet.visit_id] = totals.get(sheet.visit_id, Decimal(0)) + points / 2
    Score.objects.bulk_create(scores, batch_size=20_000)
    SiteResult.objects.bulk_create(
        (SiteResult(visit=visit, status=ResultStatus.FINALISED, total=totals[visit.pk],
                    tier=rubric.tier_for(totals[visit.pk]), finalised_at=start)
         for visit in visits[::2]),
        batch_size=10_000,
    )  # fmt: skip
    return f"{len(visits):,} visits, {len(sheets):,} sheets, {len(scores):,} scores"


def _boundaries() -> str:
    from django.conf import settings

    from programs.boundaries_import import boundaries_import
    from programs.models import Boundary

    directory = settings.SHARED_DATA_DIR / "boundaries"
    if not directory.exists():
        return "no boundary files"
    if Boundary.objects.count() >= 77 + 928:
        return "already there"
    result = boundaries_import(paths=[directory])
    return f"{result.imported['province']} provinces, {result.imported['district']} districts"


def _analyze() -> str:
    """Fresh planner statistics, so that the timings do not depend on autovacuum's timing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "done"


def _counts() -> None:
    from evaluations.models import Score
    from meetings.models import ActionItem, AgendaItem, Meeting
    from programs.models import (
        Club,
        ClubMembership,
        District,
        IndicatorResult,
        Province,
        Subdistrict,
        TierAward,
    )

    counts = {
        "evaluation scores": Score.objects.count(),
        "provinces": Province.objects.count(),
        "districts": District.objects.count(),
        "subdistricts": Subdistrict.objects.count(),
        "clubs": Club.objects.count(),
        "memberships": ClubMembership.objects.count(),
        "tier awards": TierAward.objects.count(),
        "indicator results": IndicatorResult.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "action items": ActionItem.objects.count(),
    }
    print("in the database: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
