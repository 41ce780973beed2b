"""The rows of the club list's table, drawn in Python.

Fifty rows of seven cells were about a thousand variable lookups, filters and ``{% if %}``
nodes through the template engine: the largest part of the page's own time. Here each row
is one ``str.format`` of the markup ``club_list.html`` drew: every value from the database
escaped with ``html.escape`` (what Django's ``escape`` calls, without its lazy-text
wrapper: ``format_html`` per cell cost more than the template had), the words of the rows
translated and escaped once per page.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from programs.models import ClubType, SchoolLevel, Tier
from thai.numbers import format_number

_ROW = """
    <tr>
      <td>
        <a href="{url}">{name}</a>{badges}
        <span class="d-block small text-muted">{host}<span class="d-md-none">{host_dot}{district_abbr}{district}{province_short}</span><span class="d-lg-none"> · {club_type}</span></span>
      </td>
      <td class="d-none d-md-table-cell text-nowrap">{district}{province_line}</td>
      <td class="d-none d-lg-table-cell">{club_type}{school_level}</td>
      <td class="text-end">{members}</td>
      <td class="text-end d-none d-sm-table-cell text-nowrap">{coverage}</td>
      <td>{tier}</td>
      <td class="d-none d-md-table-cell text-nowrap">{three_k}</td>
    </tr>"""  # noqa: E501
_SMALL = '<span class="d-block small text-muted">{}</span>'
_NONE = '<span class="text-muted">–</span>'


def choice_labels(choices) -> dict:
    """``{value: label}`` of ``choices``, each label translated once."""
    return {value: str(label) for value, label in choices.choices}


def _escaped_labels(choices) -> dict:
    return {value: escape(label) for value, label in choice_labels(choices).items()}


def club_table_rows(clubs, *, national: bool, detail_url) -> SafeString:
    """The ``<tr>`` of each club of ``clubs`` (rows of ``CLUB_TABLE_FIELDS``);
    ``national``: the province is named beside the district; ``detail_url``: the link of a
    club from its key (``core.row_urls.row_url``)."""
    club_types, school_levels = _escaped_labels(ClubType), _escaped_labels(SchoolLevel)
    tiers = _escaped_labels(Tier)
    year = escape(_("ปี %(year)s"))
    inactive = '\n        <span class="badge text-bg-secondary">{}</span>'.format(
        escape(_("ไม่ดำเนินการ"))
    )
    friend_corner = '\n        <span class="badge text-bg-info" title="{}">{}</span>'.format(
        escape(_("มีศูนย์เพื่อนใจ TO BE NUMBER ONE")), escape(_("ศูนย์เพื่อนใจ"))
    )
    district_abbr, province_abbr = escape(_("อ.")), escape(_("จ."))
    complete = '<span class="text-success">{}</span>'.format(escape(_("ครบ")))
    incomplete = '<span class="text-muted">{}</span>'.format(escape(_("ไม่ครบ")))
    rows = []
    for club in clubs:
        province, host = escape(club["province__name_th"]), escape(club["host_organisation"])
        members, coverage = club["latest_members"], club["latest_coverage"]
        tier = club["latest_tier"]
        rows.append(
            _ROW.format(
                url=escape(detail_url(club["id"])),
                name=escape(club["name"]),
                badges=("" if club["is_active"] else inactive)
                + (friend_corner if club["has_friend_corner"] else ""),
                host=host,
                host_dot=" · " if host else "",
                district_abbr=district_abbr,
                district=escape(club["district__name_th"]),
                province_short=f" {province_abbr}{province}" if national else "",
                club_type=club_types.get(club["club_type"]) or escape(club["club_type"]),
                province_line=_SMALL.format(province) if national else "",
                school_level=_SMALL.format(school_levels.get(club["school_level"], ""))
                if club["school_level"]
                else "",
                members=_NONE
                if members is None
                else format_number(members)
                + _SMALL.format(year % {"year": club["latest_membership_year"]}),
                coverage=_NONE if coverage is None else f"{format_number(coverage, 2)}%",
                tier=tiers.get(tier, "") + _SMALL.format(year % {"year": club["latest_tier_year"]})
                if tier
                else _NONE,
                # Club.three_k_complete
                three_k=complete
                if club["has_committee"] and club["has_fund"] and club["has_activities"]
                else incomplete,
            )
        )
    return mark_safe("".join(rows))


# What a row reads of each club: plain values, not model instances.
CLUB_TABLE_FIELDS = [
    "id", "name", "is_active", "has_friend_corner", "host_organisation", "district__name_th",
    "province__name_th", "club_type", "school_level", "latest_members",
    "latest_membership_year", "latest_coverage", "latest_tier", "latest_tier_year",
    "has_committee", "has_fund", "has_activities",
]  # fmt: skip
