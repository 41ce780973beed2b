import factory

from programs.models import District, Program, Province, Region, Subdistrict


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{20 + n % 70:02d}")
    name_th = factory.LazyAttribute(lambda o: f"จังหวัดทดสอบ{o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test province {o.code}")
    region = factory.LazyAttribute(lambda o: Region.of_province_code(o.code))


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}{n % 99 + 1:02d}")
    name_th = factory.LazyAttribute(lambda o: f"อำเภอทดสอบ{o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test district {o.code}")


class SubdistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subdistrict
        django_get_or_create = ["code"]

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{n % 99 + 1:02d}")
    name_th = factory.LazyAttribute(lambda o: f"ตำบลทดสอบ{o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Test subdistrict {o.code}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"program-{n}")
    name_th = factory.Sequence(lambda n: f"โครงการทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test program {n}")
    start_year = 2566


# --- Results frameworks, indicators, agencies and projects ---------------------------
# Models named as "app.Model" so that this block needs no change to the imports above.


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Agency"
        django_get_or_create = ["province", "name"]

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"หน่วยงานทดสอบ {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Objective"
        django_get_or_create = ["program", "fiscal_year", "number"]

    program = factory.SubFactory(ProgramFactory)
    fiscal_year = 2568
    kind = "strategy"
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"ยุทธศาสตร์ทดสอบ {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Indicator"

    objective = factory.SubFactory(ObjectiveFactory)
    province = None
    code = factory.Sequence(lambda n: f"KPI-{n + 1}")
    name = factory.Sequence(lambda n: f"ตัวชี้วัดทดสอบ {n}")
    kind = "amount"
    unit = "ครั้ง"
    direction = "higher"
    target = 100
    frequency = "quarterly"


class GradeBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.GradeBand"

    indicator = factory.SubFactory(IndicatorFactory, kind="score")
    grade = "A"
    min_score = 85


class IndicatorResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.IndicatorResult"

    indicator = factory.SubFactory(IndicatorFactory)
    province = factory.SubFactory(ProvinceFactory)
    period = 1
    value = 50
    status = "off_track"
    entered_by = factory.SubFactory("tests.accounts.factories.UserFactory", role="admin")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Project"

    program = factory.SubFactory(ProgramFactory)
    province = factory.SubFactory(ProvinceFactory)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..province"))
    name = factory.Sequence(lambda n: f"โครงการย่อยทดสอบ {n}")
    fiscal_year = 2568
    budget = 150000


# --- ร้อยใจรักษ์ villages ---------------------------------------------------------------


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Village"
        django_get_or_create = ["subdistrict", "number"]

    subdistrict = factory.SubFactory(SubdistrictFactory)
    number = factory.Sequence(lambda n: n % 99 + 1)
    name_th = factory.Sequence(lambda n: f"หมู่บ้านทดสอบ{n}")


class ProgramVillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.ProgramVillage"

    program = factory.SubFactory(ProgramFactory, slug="roi-jai-rak", name_th="ร้อยใจรักษ์")
    village = factory.SubFactory(VillageFactory)
    province = factory.LazyAttribute(lambda o: o.village.subdistrict.district.province)
    joined_fiscal_year = 2564


class VillagePlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.VillagePlanItem"

    program_village = factory.SubFactory(ProgramVillageFactory)
    measure = "water"
    title = factory.Sequence(lambda n: f"ฝายชะลอน้ำ {n}")
    budget = 120000


# --- TO BE NUMBER ONE clubs, memberships, tiers and contests -------------------------


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Club"

    district = factory.SubFactory(DistrictFactory)
    province = factory.LazyAttribute(lambda o: o.district.province)
    name = factory.Sequence(lambda n: f"ชมรม TO BE NUMBER ONE ทดสอบ {n}")
    club_type = "community"
    school_level = ""
    host_organisation = factory.Sequence(lambda n: f"องค์การบริหารส่วนตำบลทดสอบ {n}")


class ClubMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.ClubMembership"

    club = factory.SubFactory(ClubFactory)
    fiscal_year = 2568
    members = 120
    target_population = 400


class TierAwardFactory(factory.django.DjangoModelFactory):
    """A club's tier by default; pass level="district" (with district) or "province"."""

    class Meta:
        model = "programs.TierAward"

    level = "club"
    club = factory.SubFactory(ClubFactory)
    province = factory.LazyAttribute(lambda o: o.club.province if o.club else o.district.province)
    district = None
    fiscal_year = 2568
    tier = 4
    consecutive_year = 1


class ContestEntryFactory(factory.django.DjangoModelFactory):
    """A club's contest entry by default; pass level="district" or "province" likewise."""

    class Meta:
        model = "programs.ContestEntry"

    level = "club"
    club = factory.SubFactory(ClubFactory)
    province = factory.LazyAttribute(lambda o: o.club.province if o.club else o.district.province)
    district = None
    fiscal_year = 2568
    stage = "province"
    category = "ชมรมในชุมชน"
    result = "advanced"


class IndicatorAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.IndicatorAttachment"

    result = factory.SubFactory(IndicatorResultFactory)
    file = factory.django.FileField(filename="evidence.pdf", data=b"%PDF-1.4 evidence")
    original_name = "หลักฐานการประชุม.pdf"
    uploaded_by = factory.SelfAttribute("result.entered_by")


def quarter_to_sign_off(*, province, entered_by, values=(120, 380)) -> dict:
    """TO BE NUMBER ONE's FY 2568 quarter 2 of ``province``, with two figures entered:
    TB-1 (events, target 100) and TB-2 (new clubs, target 400)."""
    from decimal import Decimal

    from programs.services.indicators import indicator_result_save

    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    indicators = {
        "events": IndicatorFactory(
            objective=objective, code="TB-1", name="กิจกรรมรณรงค์", target=100, order=1
        ),
        "clubs": IndicatorFactory(
            objective=objective, code="TB-2", name="ชมรมใหม่", target=400, order=2
        ),
    }
    for indicator, value in zip(indicators.values(), values, strict=True):
        indicator_result_save(
            indicator=indicator, province=province, period=2, value=Decimal(value),
            entered_by=entered_by,
        )  # fmt: skip
    return indicators
