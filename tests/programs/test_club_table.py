"""The club list's rows drawn in Python (programs.club_table) are the markup the template
drew, for every branch of a row: inactive, friend corner, no host, a school, no figures
yet, a tier, a national user, text to escape."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from programs.club_table import CLUB_TABLE_FIELDS, club_table_rows
from programs.models import ClubType, SchoolLevel, Tier
from programs.selectors.clubs import with_latest_figures
from tests.programs.factories import ClubFactory, ClubMembershipFactory, TierAwardFactory

pytestmark = pytest.mark.django_db

# The rows as club_list.html drew them before (with model instances).
TEMPLATE_ROWS = """{% load i18n thai %}
  {% translate "ไม่ดำเนินการ" as inactive %}{% translate "มีศูนย์เพื่อนใจ TO BE NUMBER ONE" as friend_corner_title %}{% translate "ศูนย์เพื่อนใจ" as friend_corner %}{% translate "อ." as district_abbr %}{% translate "จ." as province_abbr %}{% translate "ครบ" as complete %}{% translate "ไม่ครบ" as incomplete %}
  {% for club in clubs %}
    <tr>
      <td>
        <a href="{% url 'programs:club_detail' club.pk %}">{{ club.name }}</a>
        {% if not club.is_active %}<span class="badge text-bg-secondary">{{ inactive }}</span>{% endif %}
        {% if club.has_friend_corner %}<span class="badge text-bg-info" title="{{ friend_corner_title }}">{{ friend_corner }}</span>{% endif %}
        <span class="d-block small text-muted">{{ club.host_organisation }}<span class="d-md-none">{% if club.host_organisation %} · {% endif %}{{ district_abbr }}{{ club.district.name_th }}{% if national %} {{ province_abbr }}{{ club.province.name_th }}{% endif %}</span><span class="d-lg-none"> · {{ club.get_club_type_display }}</span></span>
      </td>
      <td class="d-none d-md-table-cell text-nowrap">{{ club.district.name_th }}{% if national %}<span class="d-block small text-muted">{{ club.province.name_th }}</span>{% endif %}</td>
      <td class="d-none d-lg-table-cell">{{ club.get_club_type_display }}{% if club.school_level %}<span class="d-block small text-muted">{{ club.get_school_level_display }}</span>{% endif %}</td>
      <td class="text-end">{% if club.latest_members is not None %}{{ club.latest_members|number }}<span class="d-block small text-muted">{% blocktranslate with year=club.latest_membership_year %}ปี {{ year }}{% endblocktranslate %}</span>{% else %}<span class="text-muted">–</span>{% endif %}</td>
      <td class="text-end d-none d-sm-table-cell text-nowrap">{% if club.latest_coverage is not None %}{{ club.latest_coverage|number:2 }}%{% else %}<span class="text-muted">–</span>{% endif %}</td>
      <td>{% if club.latest_tier %}{{ club.tier_label }}<span class="d-block small text-muted">{% blocktranslate with year=club.latest_tier_year %}ปี {{ year }}{% endblocktranslate %}</span>{% else %}<span class="text-muted">–</span>{% endif %}</td>
      <td class="d-none d-md-table-cell text-nowrap">{% if club.three_k_complete %}<span class="text-success">{{ complete }}</span>{% else %}<span class="text-muted">{{ incomplete }}</span>{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture
def clubs(province_a):
    district = province_a.districts.get(code="4801")
    plain = ClubFactory(district=district, name='ชมรม <b>&</b> "ก"', host_organisation="")
    ClubFactory(
        district=district,
        name="โรงเรียน",
        club_type=ClubType.SCHOOL,
        school_level=SchoolLevel.values[0],
        is_active=False,
        has_friend_corner=True,
        has_committee=True,
        has_fund=True,
        has_activities=True,
    )
    ClubMembershipFactory(club=plain, fiscal_year=2568, members=1283, target_population=4000)
    TierAwardFactory(club=plain, fiscal_year=2567, tier=6, consecutive_year=1)
    return with_latest_figures(
        type(plain).objects.filter(district=district).select_related("province", "district")
    ).order_by("pk")


@pytest.mark.parametrize("national", [False, True])
def test_rows_are_the_markup_the_template_drew(clubs, national):
    with translation.override("th"):
        template = Template(TEMPLATE_ROWS)
        models = list(clubs)
        for club in models:
            club.tier_label = Tier(club.latest_tier).label if club.latest_tier else ""
        expected = template.render(Context({"clubs": models, "national": national}))
        drawn = club_table_rows(
            clubs.values(*CLUB_TABLE_FIELDS),
            national=national,
            detail_url=lambda pk: reverse("programs:club_detail", args=[pk]),
        )

    assert _normalised(drawn) == _normalised(expected)
    assert "&lt;b&gt;&amp;&lt;/b&gt; &quot;ก&quot;" in drawn
    assert "1,283" in drawn and "32.08%" in drawn
