"""Thai search over 100,000 agenda items: indexing throughput and query latency.

    .venv/bin/python -m bench.meetings_search [--items 100000] [--repeat 20]

In ``monitor_bench`` (PostgreSQL, see bench/_setup.py): 10 committees in 5 provinces,
``--items`` agenda items of generated Thai text (phrases of the domain run together
without spaces, as Thai is written) spread over meetings of 100 items each.

Indexing is measured as production does it (``meetings.services`` segments with
pythainlp newmm into ``search_text``): segmentation alone, then segmentation plus the
bulk insert and the stored tsvector, in items per second. Queries go through
``meetings.thai_search.search`` (full-text search in the ``simple`` configuration over
the GIN-indexed stored vector, ranked, with a ``SearchHeadline`` snippet of the rows
shown) as an administrator (every row) and as an officer (one province's committees),
and through ``meetings_search`` (meetings, agenda items and action items together).
The bench's rows are deleted at the start and the end (unless ``--keep``).

The generated text draws on 26 phrases, so a common word is in about half the rows:
ranking all of them dominates; a word absent or rare answers in milliseconds.
"""

import argparse
import datetime
import random
import time

from bench._setup import django_setup, summary

BENCH_PREFIX = "BENCH meetings_search"
PROVINCES = {"48": "นครพนม", "33": "ศรีสะเกษ", "50": "เชียงใหม่", "54": "แพร่", "67": "เพชรบูรณ์"}
PHRASES = [
    "การจัดสรรงบประมาณสนับสนุน", "ชมรม TO BE NUMBER ONE", "การประกวดระดับภาคตะวันออกเฉียงเหนือ",
    "แผนหมู่บ้านเชิงคุณภาพ", "การป้องกันและแก้ไขปัญหายาเสพติด", "สำนักงานสาธารณสุขจังหวัด",
    "ที่ประชุมเห็นชอบ", "ที่ประชุมรับทราบ", "มอบหมายให้หน่วยงานที่เกี่ยวข้อง", "ดำเนินการต่อไป",
    "การเสริมสร้างภูมิคุ้มกันทางจิตใจ", "เยาวชนอายุ 6-24 ปี", "ศูนย์เพื่อนใจ", "องค์การบริหารส่วนตำบล",
    "การรณรงค์ปลุกจิตสำนึก", "ผู้ว่าราชการจังหวัด", "รายงานผลการดำเนินงาน", "ไตรมาสที่ 2",
    "โครงการร้อยใจรักษ์", "การพัฒนาอาชีพ", "แหล่งน้ำเพื่อการเกษตร", "การท่องเที่ยวชุมชน",
    "บันทึกข้อตกลงความร่วมมือ", "ภาคีเครือข่าย", "สถานศึกษาในพื้นที่", "การติดตามและประเมินผล",
]  # fmt: skip
QUERIES = ["งบประมาณ", "แผนหมู่บ้าน", "ยาเสพติด", "ศูนย์เพื่อนใจ", "ท่องเที่ยว ชุมชน", "ดนตรีไทย"]


def _text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(PHRASES) for _ in range(words))


def _cleanup() -> None:
    from meetings.models import Committee, Meeting

    committees = Committee.objects.filter(name__startswith=BENCH_PREFIX)
    Meeting.objects.filter(committee__in=committees).delete()
    committees.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="leave the rows for EXPLAIN")
    args = parser.parse_args()
    django_setup()

    from django.contrib.postgres.search import SearchVector

    from accounts.models import Role, User
    from meetings import thai_search
    from meetings.models import AgendaItem, Committee, Meeting
    from meetings.selectors import meetings_search
    from programs.models import Province, Region

    _cleanup()
    for code, name in PROVINCES.items():
        Province.objects.get_or_create(
            code=code,
            defaults={"name_th": name, "name_en": name, "region": Region.of_province_code(code)},
        )
    rng = random.Random(4)
    committees = []
    for index in range(10):
        committee = Committee.objects.create(name=f"{BENCH_PREFIX} {index}")
        committee.provinces.set([list(PROVINCES)[index % len(PROVINCES)]])
        committees.append(committee)
    per_meeting = 100
    meetings = Meeting.objects.bulk_create(
        Meeting(
            committee=committees[m % len(committees)],
            number=m // len(committees) + 1,
            year=2567,
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=m % 365),
            venue="ห้องประชุมศาลากลางจังหวัด",
        )
        for m in range(-(-args.items // per_meeting))
    )
    texts = [
        (_text(rng, 3), _text(rng, rng.randint(8, 25)), _text(rng, rng.randint(1, 3)))
        for _ in range(args.items)
    ]
    thai_search.segment("อุ่นเครื่อง")  # load the dictionary outside the timing

    start = time.perf_counter()
    segmented = [thai_search.segment(*t) for t in texts]
    segment_seconds = time.perf_counter() - start

    start = time.perf_counter()
    batch = []
    for n, ((title, discussion, resolution), search_text) in enumerate(
        zip(texts, segmented, strict=True)
    ):
        batch.append(
            AgendaItem(
                meeting=meetings[n // per_meeting],
                part=4,
                sub=n % per_meeting + 1,
                title=title[:1000],
                discussion=discussion,
                resolution=resolution,
                search_text=search_text,
            )  # fmt: skip
        )
        if len(batch) == 5000:
            AgendaItem.objects.bulk_create(batch)
            batch = []
    AgendaItem.objects.bulk_create(batch)
    # The stored tsvector, as the services keep it (one UPDATE here instead of one per row).
    AgendaItem.objects.filter(meeting__in=meetings).update(
        search_vector=SearchVector("search_text", config="simple")
    )
    insert_seconds = time.perf_counter() - start
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_agendaitem")
    print(
        f"indexing {args.items:,} agenda items: segmentation (pythainlp newmm) "
        f"{args.items / segment_seconds:,.0f} items/s; segmentation + insert with the GIN index "
        f"{args.items / (segment_seconds + insert_seconds):,.0f} items/s "
        f"({segment_seconds + insert_seconds:.1f} s)"
    )

    admin = User(username="bench-admin", role=Role.ADMINISTRATOR)
    officer = User(username="bench-officer", role=Role.OFFICER, province_id="48")
    scoped = AgendaItem.objects.filter(meeting__committee__name__startswith=BENCH_PREFIX)
    for query in QUERIES:
        for label, user in (("admin", admin), ("officer 48", officer)):
            queryset = scoped & AgendaItem.objects.for_user(user)
            thai_search.search(queryset, query, limit=30)  # warm up
            seconds, found = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                found = len(thai_search.search(queryset, query, limit=30))
                seconds.append(time.perf_counter() - start)
            print(summary(f"agenda items '{query}' as {label} (top {found})", seconds))
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        meetings_search(user=officer, query="งบประมาณ")
        seconds.append(time.perf_counter() - start)
    print(summary("meetings_search 'งบประมาณ' (meetings + agenda + actions) as officer 48",
                  seconds))  # fmt: skip
    matches = (
        AgendaItem.objects.filter(pk__in=scoped.values("pk"))
        .filter(search_text__icontains="งบประมาณ")
        .count()
    )
    print(f"rows containing 'งบประมาณ': {matches:,} of {args.items:,}")
    if not args.keep:
        _cleanup()


if __name__ == "__main__":
    main()
