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
