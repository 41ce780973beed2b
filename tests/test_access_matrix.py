"""Who may reach what: every URL of the portal, as every kind of user.

The URLs come from the URL configuration itself, not from a list kept by hand: a
new page or endpoint without a rule in ``RULES`` fails ``test_every_url_has_a_rule``.
Objects are requested from province A (Nakhon Phanom); the officer of province B is
the outsider and must get 404, never the page. Pages that users of province A may
read must not contain anything of province B (``LEAK_MARKER``).
"""

import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.services import api_token_create
from programs.models import PeriodApproval, Village
from tests.evaluations.factories import access_world as evaluations_access_world
from tests.meetings.factories import access_world as meetings_access_world
from tests.portal.factories import done_backup_job
from tests.programs.factories import (
    AgencyFactory,
    ClubFactory,
    ClubMembershipFactory,
    ContestEntryFactory,
    DistrictFactory,
    IndicatorAttachmentFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
    ProgramVillageFactory,
    ProjectFactory,
    SubdistrictFactory,
    TierAwardFactory,
    VillagePlanItemFactory,
)
from tests.reports.factories import done_job as report_done_job
from tests.reports.factories import done_signed_record

ROLES = [
    "anonymous",
    "admin",
    "officer_a",
    "officer_b",
    "evaluator",
    "evaluator_other",
    "executive_a",
    "national",
]
# Users who belong to province A and must never see province B.
PROVINCE_A_USERS = {"officer_a", "executive_a"}
LEAK_MARKER = "อำเภอลับเฉพาะจังหวัดบี"
STATE_CHANGING = ["post", "put", "patch", "delete"]


def _all(expected: int | set[int], **overrides: int | set[int]) -> dict[str, set[int]]:
    """Expected statuses per role. The evaluator not assigned to province A's round is
    refused like the assigned one, unless a kind about evaluations says otherwise."""
    as_set = lambda value: value if isinstance(value, set) else {value}  # noqa: E731
    if "evaluator" in overrides:
        overrides.setdefault("evaluator_other", overrides["evaluator"])
    return {role: as_set(overrides.get(role, expected)) for role in ROLES}


@dataclass(frozen=True)
class Kind:
    """Expected statuses per role, for GET and for any state-changing method.

    For state-changing methods a set names what is acceptable: a view that does
    not take the method answers 405, a form re-rendered with errors 200 — what
    matters is that no outsider gets in and nothing answers 500.
    """

    get: dict[str, set[int]]
    change: dict[str, set[int]] = field(default_factory=dict)


LOGIN_REDIRECT = 302  # anonymous users of pages are sent to the login form
API_ANONYMOUS = 401
ADMIN_ANY = {200, 302, 403, 404, 405}  # an administrator may do anything; never 500

# Who is refused a form about an object of province A, and how.
FORM_OF_A_REFUSALS = {
    "anonymous": LOGIN_REDIRECT,
    "officer_b": 404,
    "evaluator": 404,
    "executive_a": 403,
    "national": 403,
}

# Who is refused a change to round A (or its visits), and how.
ROUND_SETUP_REFUSALS = {
    "anonymous": LOGIN_REDIRECT,
    "officer_b": 404,
    "evaluator": 403,  # the round's chair reads it but does not set it up
    "evaluator_other": 404,
    "executive_a": 403,
    "national": 403,
}

KINDS = {
    # Signed-in pages that only read.
    "page": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # A page about one object of province A: the outsider and evaluators get 404.
    "page_of_province_a": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, officer_b=404, evaluator=404),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # A form about the user's own account (password change): an empty POST re-renders.
    "own_form": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT),
        change=_all({200, 405}, anonymous=LOGIN_REDIRECT),
    ),
    "login": Kind(get=_all(302, anonymous=200), change=_all(302, anonymous={200, 405})),
    "logout": Kind(get=_all(405), change=_all({302, 405})),
    # A POST-only delete of an object of province A: once the POST has deleted it, the
    # methods that follow find nothing (404); otherwise as "action_of_province_a".
    "delete_of_province_a": Kind(
        get=_all(
            405,
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
        change=_all(
            {302, 404, 405},
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
    ),
    "set_language": Kind(get=_all({204, 302}), change=_all(302)),
    "healthz": Kind(get=_all({200, 503}), change=_all(405)),
    "public_docs": Kind(get=_all(200), change=_all(405)),
    # The verification page (issue 21): anyone; an empty upload re-renders with a message.
    "public_form": Kind(get=_all(200), change=_all({400, 405})),
    # Its API: a POST only, open to anyone; an empty one is 400.
    "public_api_form": Kind(get=_all(405), change=_all({400, 405})),
    # A page for administrators only (the audit log): everyone else signed in gets 403.
    "admin_page": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # backups (issue 17): pages, a POST-only action and a form for administrators only; everyone
    # else signed in is refused (403) whatever the method.
    "admin_action": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=405),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin={302, 405}),
    ),
    "admin_form": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin={400, 405}),
    ),
    "admin_read": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin=405),
    ),
    "api_token": Kind(get=_all(405), change=_all({400, 405})),
    # Officer A's API token: its owner and administrators reach it (until one of the
    # matrix's own POSTs or DELETEs has revoked it: 404), everyone else 404.
    "own_token_revoke": Kind(
        get=_all(405),
        change=_all(
            {404, 405},
            anonymous={LOGIN_REDIRECT, 405},
            admin={302, 404, 405},
            officer_a={302, 404, 405},
        ),
    ),
    # Every signed-in user revokes all of their own tokens (and is sent back to the list).
    "own_tokens_revoke_all": Kind(get=_all(405), change=_all({302, 405})),
    "api_own_token": Kind(
        get=_all(404, anonymous=API_ANONYMOUS, admin={200, 404}, officer_a={200, 404}),
        change=_all(
            {404, 405},
            anonymous=API_ANONYMOUS,
            admin={204, 404, 405},
            officer_a={204, 404, 405},
        ),
    ),
    "api_own_tokens_revoke_all": Kind(
        get=_all(405, anonymous=API_ANONYMOUS), change=_all({204, 405}, anonymous=API_ANONYMOUS)
    ),
    "api": Kind(get=_all(200, anonymous=API_ANONYMOUS), change=_all(405, anonymous=API_ANONYMOUS)),
    "api_of_province_a": Kind(
        get=_all(200, anonymous=API_ANONYMOUS, officer_b=404, evaluator=404),
        change=_all(405, anonymous=API_ANONYMOUS),
    ),
    # An API list officers add to (POST; an empty one is 400): read-only roles 403.
    "api_writable": Kind(
        get=_all(200, anonymous=API_ANONYMOUS),
        change=_all(
            {400, 405},
            anonymous=API_ANONYMOUS,
            evaluator={403, 405},
            executive_a={403, 405},
            national={403, 405},
        ),  # fmt: skip
    ),
    # One object of province A that officers change (PATCH; an empty one changes nothing
    # and answers 200): the outsider 404, read-only roles 403, PUT/DELETE 405.
    "api_writable_of_province_a": Kind(
        get=_all(200, anonymous=API_ANONYMOUS, officer_b=404, evaluator=404),
        change=_all(
            {200, 405},
            anonymous=API_ANONYMOUS,
            officer_b={404, 405},
            evaluator={403, 405},
            executive_a={403, 405},
            national={403, 405},
        ),  # fmt: skip
    ),
    # The admin site: only administrators get in; everyone else is sent to its login.
    "admin_site": Kind(get=_all(302, admin=ADMIN_ANY), change=_all({302, 405}, admin=ADMIN_ANY)),
    # Its own login page answers everyone (a signed-in non-administrator is told so).
    "admin_login": Kind(get=_all({200, 302}), change=_all({200, 302, 405})),
    # The results-entry table of a program and period: every provincial user reads it for
    # their own province (national users choose one); only officers and administrators
    # save (an empty POST re-renders); evaluators, who read no province's results, 403.
    "entry_screen": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, evaluator=403),
        change=_all(
            {200, 302, 405},
            anonymous=LOGIN_REDIRECT,
            evaluator=403,
            executive_a=403,
            national=403,
        ),  # fmt: skip
    ),
    # A POST-only action on an object of province A (attach a file): GET is 405 for those
    # who may act, the object's scope answers first for everyone else.
    "action_of_province_a": Kind(
        get=_all(
            405,
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
        change=_all(
            {302, 405},
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
    ),
    # As "action_of_province_a", for an add whose refused input comes back as a page with
    # what was typed (400) when it is not an htmx request (a new action item).
    "add_to_province_a": Kind(
        get=_all(
            405,
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
        change=_all(
            {302, 400, 405},
            anonymous=LOGIN_REDIRECT,
            officer_b=404,
            evaluator=404,
            executive_a=403,
            national=403,
        ),  # fmt: skip
    ),
    # Deciding on a period of province A (approve, return, reopen): only the province's
    # approver (User.is_approver), whom the cast here does not hold, so everyone who sees
    # province A is refused (403) whatever the method, administrators too; the approver's
    # own path is in tests/programs/test_approval_views.py.
    "approver_action": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, officer_b=404, evaluator=404),
        change=_all(403, anonymous=LOGIN_REDIRECT, officer_b=404, evaluator=404),
    ),
    # API sign-off of a period (issue 15). Submitting names the period in the body: an
    # empty one is 400 for everyone signed in, GET 405.
    "api_period_submit": Kind(
        get=_all(405, anonymous=API_ANONYMOUS),
        change=_all({400, 405}, anonymous=API_ANONYMOUS),
    ),
    # Approving, returning or reopening period A: only the province's approver, whom the
    # cast does not hold, so everyone who sees it 403 (an empty body changes nothing:
    # the reason is the service's to ask for, after who may decide); the outsider and
    # evaluators 404; a method other than POST 405.
    "api_approver_action": Kind(
        get=_all(405, anonymous=API_ANONYMOUS),
        change=_all(
            {403, 405}, anonymous=API_ANONYMOUS, officer_b={404, 405}, evaluator={404, 405}
        ),
    ),
    # A form that creates something in the user's own province (or an upload): officers
    # and administrators get it (an empty POST re-renders it with errors; PUT is POST
    # in Django's form views), read-only roles 403.
    "create_form": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, evaluator=403, executive_a=403, national=403),
        change=_all(
            {200, 405}, anonymous=LOGIN_REDIRECT, evaluator=403, executive_a=403, national=403
        ),
    ),
    # A form that changes an object of province A (or adds to it): the outsider and
    # evaluators get 404, executives, who may read the object, 403.
    # A method the view does not take (PATCH, DELETE) may answer 405 before any lookup.
    "form_of_province_a": Kind(
        get=_all(200, **FORM_OF_A_REFUSALS),
        change=_all(
            {200, 405},
            anonymous=LOGIN_REDIRECT,
            **{role: {status, 405} for role, status in FORM_OF_A_REFUSALS.items() if status != 302},
        ),
    ),
    # reports (issue 6): a job is its requester's (officer A's); everyone else gets 404.
    "own_report_job": Kind(
        get=_all(404, anonymous=LOGIN_REDIRECT, admin=200, officer_a=200),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # reports API (issue 6): officer A's job; everyone else 404; no method changes a job.
    "api_own_report_job": Kind(
        get=_all(404, anonymous=API_ANONYMOUS, admin=200, officer_a=200),
        change=_all(405, anonymous=API_ANONYMOUS),
    ),
    # reports API (issue 6): everyone signed in lists their jobs and asks for a report
    # (an empty POST is 400); evaluators are refused (403) as on the request form.
    "api_report_request": Kind(
        get=_all(200, anonymous=API_ANONYMOUS),
        change=_all({400, 405}, anonymous=API_ANONYMOUS, evaluator={403, 405}),
    ),
    # dashboards (issue 7): every signed-in user but evaluators has one (their own scope's).
    "dashboard": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, evaluator=403),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # dashboards (issue 7): all provinces side by side, for administrators and national
    # executives only; provincial users and evaluators are refused (403).
    "national_page": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200, national=200),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # reports (issue 6): anyone signed in asks for a report of their scope, except evaluators.
    "report_form": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, evaluator=403),
        change=_all({200, 405}, anonymous=LOGIN_REDIRECT, evaluator=403),
    ),
    # evaluations (issue 5): a round of province A, its visit, sheet, photo or result. The
    # assigned evaluator (its chair) reads it; the evaluator on no round of A gets 404.
    "evaluation_of_province_a": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, officer_b=404, evaluator_other=404),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    "api_evaluation_of_province_a": Kind(
        get=_all(200, anonymous=API_ANONYMOUS, officer_b=404, evaluator_other=404),
        change=_all(405, anonymous=API_ANONYMOUS),
    ),
    # The scoring screen of a visit: only the evaluator assigned to it scores (an empty
    # POST re-renders with errors, 400); others who may read the visit 403, the rest 404.
    "scoring_form": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, evaluator=200, evaluator_other=404, officer_b=404),
        change=_all(
            {403, 405},
            anonymous={LOGIN_REDIRECT, 405},
            evaluator={400, 405},
            evaluator_other={404, 405},
            officer_b={404, 405},
        ),
    ),
    # The chair's finalise / reopen (POST only): the chair and administrators act (and are
    # sent back to the result page), others who read the visit 403, the rest 404.
    "chair_action": Kind(
        get=_all(405),
        change=_all(
            {403, 405},
            anonymous={LOGIN_REDIRECT, 405},
            admin={302, 405},
            evaluator={302, 405},
            evaluator_other={404, 405},
            officer_b={404, 405},
        ),
    ),
    # Rubrics (issue 5) are the administrators' to build: everyone else signed in is
    # refused (403) before any lookup. A page that creates (a form, an upload, the
    # template download) answers administrators 200; an empty POST re-renders with errors.
    "rubric_admin_form": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin={400, 405}),
    ),
    "rubric_admin_download": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin=405),
    ),
    # A draft rubric's page: only administrators see drafts; to everyone else it is not there.
    "rubric_draft": Kind(
        get=_all(404, anonymous=LOGIN_REDIRECT, admin=200),
        change=_all(405, anonymous={LOGIN_REDIRECT, 405}),
    ),
    # A change to a draft (POST): administrators are sent back to the rubric's page (302),
    # or shown it again with the form's errors (400); once the matrix's own POSTs have
    # deleted the object, 404. The criterion's edit page answers GET 200 too.
    "rubric_change": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin=405),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin={302, 400, 404, 405}),
    ),
    "rubric_edit_form": Kind(
        get=_all(403, anonymous=LOGIN_REDIRECT, admin={200, 302}),
        change=_all(403, anonymous=LOGIN_REDIRECT, admin={200, 302, 400, 405}),
    ),
    # Setting up a round (issue 5): officers of its province and administrators. Creating
    # one: read-only roles 403 (an empty POST re-renders with errors, 400; PUT and the
    # like 405 before anything else).
    "round_create_form": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT, evaluator=403, executive_a=403, national=403),
        change=_all(
            {400, 405},
            anonymous={LOGIN_REDIRECT, 405},
            evaluator={403, 405},
            executive_a={403, 405},
            national={403, 405},
        ),  # fmt: skip
    ),
    # A form that changes round A or its visit: those who read the round (its chair, the
    # executives) 403, the outsider and the evaluator on no round of A 404.
    "round_setup_form": Kind(
        get=_all(200, **ROUND_SETUP_REFUSALS),
        change=_all(
            {400, 405}, **{role: {status, 405} for role, status in ROUND_SETUP_REFUSALS.items()}
        ),
    ),
    # The edit of visit_a: as above, but by the time the matrix reaches it the administrator
    # has finalised visit_a ("chair_action"), so they are sent back to the round (302).
    "visit_setup_form": Kind(
        get=_all(200, admin={200, 302}, **ROUND_SETUP_REFUSALS),
        change=_all(
            {400, 405},
            admin={302, 400, 405},
            **{role: {status, 405} for role, status in ROUND_SETUP_REFUSALS.items()},
        ),
    ),
    # A POST-only change to round A's committee or itinerary: the changer is sent back to
    # the round page (302; an empty committee form comes back with errors, 400), the rest
    # as on the round's forms.
    "round_setup_action": Kind(
        get=_all(405),
        change=_all(
            {302, 400, 405},
            **{role: {status, 405} for role, status in ROUND_SETUP_REFUSALS.items()},
        ),
    ),
    # Phones send sheets and photos: an empty POST is refused as invalid (400) for every
    # signed-in user; who may score which visit is checked once the body is valid.
    "api_submit": Kind(
        get=_all(200, anonymous=API_ANONYMOUS),
        change=_all({400, 405}, anonymous=API_ANONYMOUS),
    ),
    # notifications (issue 16): a signed-in user's own settings form saves and comes back
    # (302); LINE's webhook answers only a body signed with the channel secret (403).
    "own_settings": Kind(
        get=_all(200, anonymous=LOGIN_REDIRECT),
        change=_all({302, 405}, anonymous={LOGIN_REDIRECT, 405}),
    ),
    "line_webhook": Kind(get=_all(405), change=_all({403, 405})),
}


def _period_of_a(w) -> dict:
    return {
        "slug": w.program.slug,
        "fiscal_year": 2568,
        "period": "q1",
        "province": w.province_a.pk,
    }


def _approval_of_a(w) -> dict:
    return {"pk": w.period_approval_a.pk}


# URL name → (kind, how to fill its arguments from the world).
RULES: dict[str, tuple[str, object]] = {
    "portal:home": ("page", None),
    "portal:my_work": ("page", None),
    "notifications:list": ("page", None),
    "notifications:read": ("own_tokens_revoke_all", None),
    "notifications:settings": ("own_settings", None),
    "notifications:line_code": ("own_tokens_revoke_all", None),
    "notifications:line_unlink": ("own_tokens_revoke_all", None),
    "notifications:line_webhook": ("line_webhook", None),
    "accounts:login": ("login", None),
    "accounts:logout": ("logout", None),
    "accounts:password_change": ("own_form", None),
    "accounts:password_change_done": ("page", None),
    # What personal data the portal holds (PDPA): public, like the API documentation.
    "portal:privacy": ("public_docs", None),
    "accounts:preferences": ("own_form", None),
    "accounts:token_list": ("page", None),
    "accounts:token_admin_list": ("admin_page", None),
    "accounts:token_revoke": ("own_token_revoke", lambda w: {"pk": w.token_a.pk}),
    "accounts:token_revoke_all": ("own_tokens_revoke_all", None),
    "audit:log": ("admin_page", None),
    "portal:backup_list": ("admin_read", None),
    "portal:backup_create": ("admin_action", None),
    "portal:backup_check": ("admin_form", None),
    "portal:backup_download": ("admin_read", lambda w: {"pk": w.backup_job.pk}),
    "programs:province_list": ("page", None),
    "programs:province_detail": ("page_of_province_a", lambda w: {"pk": w.province_a.pk}),
    "programs:program_list": ("page", None),
    "programs:program_detail": ("page", lambda w: {"slug": w.program.slug}),
    "accounts:set_language": ("set_language", None),
    "healthz": ("healthz", None),
    "api-schema": ("public_docs", None),
    "api-docs": ("public_docs", None),
    "api:api-root": ("api", None),
    "api:token": ("api_token", None),
    "api:api-token-list": ("api", None),
    "api:api-token-detail": ("api_own_token", lambda w: {"pk": w.token_a.pk}),
    "api:api-token-revoke-all": ("api_own_tokens_revoke_all", None),
    "api:me": ("api", None),
    "api:province-list": ("api", None),
    "api:province-detail": ("api_of_province_a", lambda w: {"code": w.province_a.code}),
    "api:district-list": ("api", None),
    "api:district-detail": ("api_of_province_a", lambda w: {"code": w.district_a.code}),
    "api:program-list": ("api", None),
    "api:program-detail": ("api", lambda w: {"slug": w.program.slug}),
    # --- clubs, memberships, tiers, contests --------------------------------------
    "programs:club_list": ("page", None),
    "programs:club_export": ("page", None),
    "programs:club_create": ("create_form", None),
    "programs:club_import": ("create_form", None),
    "programs:club_import_template": ("page", None),
    "programs:club_detail": ("page_of_province_a", lambda w: {"pk": w.club_a.pk}),
    "programs:club_update": ("form_of_province_a", lambda w: {"pk": w.club_a.pk}),
    "programs:club_membership_create": ("form_of_province_a", lambda w: {"pk": w.club_a.pk}),
    "programs:club_membership_update": (
        "form_of_province_a",
        lambda w: {"pk": w.membership_a.pk},
    ),
    "programs:club_tier_award_create": ("form_of_province_a", lambda w: {"pk": w.club_a.pk}),
    "programs:club_contest_entry_create": (
        "form_of_province_a",
        lambda w: {"pk": w.club_a.pk},
    ),
    "programs:competition_list": ("page", None),
    "programs:competition_tier_award_create": ("create_form", None),
    "programs:competition_contest_entry_create": ("create_form", None),
    "programs:tier_award_update": ("form_of_province_a", lambda w: {"pk": w.tier_award_a.pk}),
    "programs:contest_entry_update": (
        "form_of_province_a",
        lambda w: {"pk": w.contest_entry_a.pk},
    ),
    # --- frameworks, indicators, results ------------------------------------------
    "programs:framework_detail": (
        "page",
        lambda w: {"slug": w.program.slug, "fiscal_year": 2568},
    ),  # fmt: skip
    "programs:results_entry": (
        "entry_screen",
        lambda w: {"slug": w.program.slug, "fiscal_year": 2568, "period": "q1"},
    ),  # fmt: skip
    # Sign-off of a period (issue 15): province A's quarter 1, where result_a is.
    "programs:period_approval": ("page_of_province_a", lambda w: _period_of_a(w)),
    "programs:period_submit": ("action_of_province_a", lambda w: _period_of_a(w)),
    "programs:period_approve": ("approver_action", lambda w: _period_of_a(w)),
    "programs:period_return": ("approver_action", lambda w: _period_of_a(w)),
    "programs:period_reopen": ("approver_action", lambda w: _period_of_a(w)),
    "programs:indicator_create": ("create_form", None),
    "programs:indicator_detail": ("page_of_province_a", lambda w: {"pk": w.indicator_a.pk}),
    "programs:indicator_update": ("form_of_province_a", lambda w: {"pk": w.indicator_a.pk}),
    "programs:results_import": ("create_form", None),
    "programs:results_import_template": ("page", None),
    "programs:result_attachment_add": (
        "action_of_province_a",
        lambda w: {"pk": w.result_a.pk},
    ),  # fmt: skip
    "programs:result_attachment_download": (
        "page_of_province_a",
        lambda w: {"pk": w.attachment_a.pk},
    ),  # fmt: skip
    # --- agencies and projects ----------------------------------------------------
    "programs:agency_list": ("page", None),
    "programs:agency_create": ("create_form", None),
    "programs:agency_detail": ("page_of_province_a", lambda w: {"pk": w.agency_a.pk}),
    "programs:agency_update": ("form_of_province_a", lambda w: {"pk": w.agency_a.pk}),
    "programs:project_list": ("page", None),
    "programs:project_export": ("page", None),
    "programs:project_create": ("create_form", None),
    "programs:project_detail": ("page_of_province_a", lambda w: {"pk": w.project_a.pk}),
    "programs:project_update": ("form_of_province_a", lambda w: {"pk": w.project_a.pk}),
    # --- ร้อยใจรักษ์ villages -------------------------------------------------------
    "programs:village_list": ("page", None),
    "programs:village_add": ("create_form", None),
    "programs:village_detail": ("page_of_province_a", lambda w: {"pk": w.program_village_a.pk}),
    "programs:village_status": ("form_of_province_a", lambda w: {"pk": w.program_village_a.pk}),
    "programs:village_item_add": (
        "form_of_province_a",
        lambda w: {"pk": w.program_village_a.pk},
    ),  # fmt: skip
    "programs:village_item_edit": ("form_of_province_a", lambda w: {"pk": w.plan_item_a.pk}),
    # --- API of the programs issue -------------------------------------------------
    "api:objective-list": ("api", None),
    "api:objective-detail": ("api", lambda w: {"pk": w.indicator_a.objective_id}),
    "api:indicator-list": ("api", None),
    "api:indicator-detail": ("api_of_province_a", lambda w: {"pk": w.indicator_a.pk}),
    "api:indicator-result-list": ("api_writable", None),
    "api:indicator-result-detail": (
        "api_writable_of_province_a",
        lambda w: {"pk": w.result_a.pk},
    ),  # fmt: skip
    # Sign-off of a period through the API (issue 15): A's submitted quarter 2.
    "api:period-approval-list": ("api", None),
    "api:period-approval-detail": ("api_of_province_a", lambda w: _approval_of_a(w)),
    "api:period-approval-submit": ("api_period_submit", None),
    "api:period-approval-approve": ("api_approver_action", lambda w: _approval_of_a(w)),
    "api:period-approval-return": ("api_approver_action", lambda w: _approval_of_a(w)),
    "api:period-approval-reopen": ("api_approver_action", lambda w: _approval_of_a(w)),
    "api:agency-list": ("api", None),
    "api:agency-detail": ("api_of_province_a", lambda w: {"pk": w.agency_a.pk}),
    "api:project-list": ("api", None),
    "api:project-detail": ("api_of_province_a", lambda w: {"pk": w.project_a.pk}),
    "api:club-list": ("api_writable", None),
    "api:club-detail": ("api_writable_of_province_a", lambda w: {"pk": w.club_a.pk}),
    "api:program-village-list": ("api", None),
    "api:program-village-detail": (
        "api_of_province_a",
        lambda w: {"pk": w.program_village_a.pk},
    ),  # fmt: skip
    # --- meetings and minutes (issue 4) --------------------------------------------
    "meetings:committee_list": ("page", None),
    "meetings:committee_create": ("create_form", None),
    "meetings:committee_detail": ("page_of_province_a", lambda w: {"pk": w.committee_a.pk}),
    "meetings:committee_update": ("form_of_province_a", lambda w: {"pk": w.committee_a.pk}),
    "meetings:meeting_list": ("page", None),
    "meetings:meeting_create": ("create_form", None),
    "meetings:search": ("page", None),
    "meetings:action_item_list": ("page", None),
    "meetings:meeting_detail": ("page_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_update": ("form_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_attendance": ("form_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_minutes": ("page_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_submit": ("action_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_check": ("action_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_return": ("action_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:meeting_certify_previous": (
        "action_of_province_a",
        lambda w: {"pk": w.meeting_a.pk},
    ),  # fmt: skip
    "meetings:agenda_add": ("action_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:attachment_add": ("action_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "meetings:attachment_download": (
        "page_of_province_a",
        lambda w: {"pk": w.meeting_attachment_a.pk},
    ),  # fmt: skip
    "meetings:agenda_save": ("action_of_province_a", lambda w: {"pk": w.agenda_item_a.pk}),
    "meetings:agenda_move": (
        "action_of_province_a",
        lambda w: {"pk": w.agenda_item_a.pk, "direction": "up"},
    ),  # fmt: skip
    "meetings:agenda_delete": ("delete_of_province_a", lambda w: {"pk": w.deletable_item_a.pk}),
    "meetings:agenda_amend": ("form_of_province_a", lambda w: {"pk": w.certified_item_a.pk}),
    "meetings:action_add": ("add_to_province_a", lambda w: {"pk": w.agenda_item_a.pk}),
    "meetings:action_form": ("form_of_province_a", lambda w: {"pk": w.agenda_item_a.pk}),
    "meetings:action_move": (
        "action_of_province_a",
        lambda w: {"pk": w.action_item_a.pk, "direction": "down"},
    ),  # fmt: skip
    "meetings:action_status": ("action_of_province_a", lambda w: {"pk": w.action_item_a.pk}),
    "meetings:action_reassign": ("add_to_province_a", lambda w: {"pk": w.action_item_a.pk}),
    "meetings:action_reassign_form": (
        "form_of_province_a",
        lambda w: {"pk": w.action_item_a.pk},
    ),
    "meetings:action_status_form": (
        "form_of_province_a",
        lambda w: {"pk": w.action_item_a.pk},
    ),
    "meetings:action_delete": (
        "delete_of_province_a",
        lambda w: {"pk": w.deletable_action_a.pk},
    ),  # fmt: skip
    "api:committee-list": ("api", None),
    "api:committee-detail": ("api_of_province_a", lambda w: {"pk": w.committee_a.pk}),
    "api:meeting-list": ("api", None),
    "api:meeting-detail": ("api_of_province_a", lambda w: {"pk": w.meeting_a.pk}),
    "api:meeting-search": ("api", None),
    "api:agenda-item-list": ("api", None),
    "api:agenda-item-detail": ("api_of_province_a", lambda w: {"pk": w.agenda_item_a.pk}),
    "api:action-item-list": ("api", None),
    "api:action-item-detail": ("api_of_province_a", lambda w: {"pk": w.action_item_a.pk}),
    "api:attendance-list": ("api", None),
    "api:attendance-detail": ("api_of_province_a", lambda w: {"pk": w.attendance_a.pk}),
    # --- reports (issue 6) ------------------------------------------------------------
    "reports:job_list": ("page", None),
    "reports:job_create": ("report_form", None),
    "reports:job_detail": ("own_report_job", lambda w: {"pk": w.report_job_a.pk}),
    "reports:job_progress": ("own_report_job", lambda w: {"pk": w.report_job_a.pk}),
    "reports:job_download": ("own_report_job", lambda w: {"pk": w.report_job_a.pk}),
    # --- signed records (issue 21) ----------------------------------------------------
    "reports:record_download": ("page_of_province_a", lambda w: {"pk": w.signed_record_a.pk}),
    "verify:upload": ("public_form", None),
    "verify:record": ("public_docs", lambda w: {"public_id": w.signed_record_a.public_id}),
    "api:verify": ("public_api_form", None),
    # --- evaluations (issue 5) --------------------------------------------------------
    "evaluations:visit_list": ("page", None),
    "evaluations:round_list": ("page", None),
    "evaluations:round_detail": ("evaluation_of_province_a", lambda w: {"pk": w.round_a.pk}),
    "evaluations:round_create": ("round_create_form", None),
    "evaluations:round_update": ("round_setup_form", lambda w: {"pk": w.round_a.pk}),
    "evaluations:round_evaluator_add": ("round_setup_action", lambda w: {"pk": w.round_a.pk}),
    # The chair's own seat: making them chair again or removing them (they have scored:
    # refused) changes nothing.
    "evaluations:round_evaluator_chair": ("round_setup_action", lambda w: {"pk": w.seat_a.pk}),
    "evaluations:round_evaluator_remove": ("round_setup_action", lambda w: {"pk": w.seat_a.pk}),
    "evaluations:visit_create": ("round_setup_form", lambda w: {"pk": w.round_a.pk}),
    "evaluations:visit_update": ("visit_setup_form", lambda w: {"pk": w.visit_a.pk}),
    # visit_a has a sheet: its delete is refused and the changer sent back to the round.
    "evaluations:visit_delete": ("round_setup_action", lambda w: {"pk": w.visit_a.pk}),
    "evaluations:visit_result": ("evaluation_of_province_a", lambda w: {"pk": w.visit_a.pk}),
    "evaluations:visit_score": ("scoring_form", lambda w: {"pk": w.visit_a.pk}),
    "evaluations:visit_finalise": ("chair_action", lambda w: {"pk": w.visit_a.pk}),
    "evaluations:visit_reopen": ("chair_action", lambda w: {"pk": w.visit_a.pk}),
    "evaluations:photo": (
        "evaluation_of_province_a",
        lambda w: {"client_id": w.photo_a.client_id},
    ),  # fmt: skip
    "evaluations:service_worker": ("public_docs", None),
    "evaluations:manifest": ("public_docs", None),
    "evaluations:offline": ("public_docs", None),
    "evaluations:rubric_list": ("page", None),
    "evaluations:rubric_create": ("rubric_admin_form", None),
    "evaluations:rubric_import": ("rubric_admin_form", None),
    "evaluations:rubric_import_template": ("rubric_admin_download", None),
    "evaluations:rubric_detail": ("rubric_draft", lambda w: {"pk": w.draft_rubric.pk}),
    "evaluations:rubric_component_add": ("rubric_change", lambda w: {"pk": w.draft_rubric.pk}),
    "evaluations:rubric_component_delete": (
        "rubric_change",
        lambda w: {"pk": w.deletable_component.pk},
    ),  # fmt: skip
    "evaluations:rubric_criterion_add": (
        "rubric_change",
        lambda w: {"pk": w.draft_component.pk},
    ),  # fmt: skip
    "evaluations:rubric_criterion_edit": (
        "rubric_edit_form",
        lambda w: {"pk": w.draft_criterion.pk},
    ),  # fmt: skip
    "evaluations:rubric_criterion_delete": (
        "rubric_change",
        lambda w: {"pk": w.deletable_criterion.pk},
    ),  # fmt: skip
    "evaluations:rubric_bands": ("rubric_change", lambda w: {"pk": w.draft_rubric.pk}),
    "evaluations:rubric_publish": ("rubric_change", lambda w: {"pk": w.draft_rubric.pk}),
    "evaluations:rubric_new_version": ("rubric_change", lambda w: {"pk": w.rubric.pk}),
    "evaluations:rubric_delete": ("rubric_change", lambda w: {"pk": w.draft_rubric.pk}),
    "api:rubric-list": ("api", None),
    "api:rubric-detail": ("api", lambda w: {"pk": w.rubric.pk}),
    "api:evaluation-round-list": ("api", None),
    "api:evaluation-round-detail": (
        "api_evaluation_of_province_a",
        lambda w: {"pk": w.round_a.pk},
    ),  # fmt: skip
    "api:visit-list": ("api", None),
    "api:visit-detail": ("api_evaluation_of_province_a", lambda w: {"pk": w.visit_a.pk}),
    "api:submission-list": ("api_submit", None),
    "api:submission-detail": ("api_evaluation_of_province_a", lambda w: {"pk": w.sheet_a.pk}),
    "api:evidence-photo-list": ("api_submit", None),
    "api:evidence-photo-detail": (
        "api_evaluation_of_province_a",
        lambda w: {"client_id": w.photo_a.client_id},
    ),  # fmt: skip
    "api:site-result-list": ("api", None),
    "api:site-result-detail": (
        "api_evaluation_of_province_a",
        lambda w: {"visit": w.site_result_a.visit_id},
    ),  # fmt: skip
    "api:report-job-list": ("api_report_request", None),
    "api:report-job-detail": ("api_own_report_job", lambda w: {"pk": w.report_job_a.pk}),
    "api:report-job-download": ("api_own_report_job", lambda w: {"pk": w.report_job_a.pk}),
    # --- dashboards (issue 7) -------------------------------------------------------------
    "reports:dashboard": ("dashboard", None),
    "reports:dashboard_national": ("national_page", None),
    "reports:dashboard_province": ("page_of_province_a", lambda w: {"code": w.province_a.pk}),
    "reports:dashboard_district": (
        "page_of_province_a",
        lambda w: {"code": w.province_a.pk, "district": w.district_a.pk},
    ),
    # Boundaries are public geography (an empty collection when none are loaded).
    "reports:dashboard_boundaries": ("page", lambda w: {"area": w.province_a.pk}),
}


@dataclass
class Route:
    name: str | None
    namespace: str
    route: str
    argument_names: tuple[str, ...]
    positional_count: int = 0

    @property
    def key(self) -> str:
        return self.name or f"{self.namespace}:<unnamed {self.route}>"


def _routes(patterns=None, namespace="", prefix="") -> list[Route]:
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            routes += _routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            regex = pattern.pattern.regex
            arguments = tuple(regex.groupindex)
            positional = regex.groups - len(arguments)
            routes.append(
                Route(name, namespace, prefix + str(pattern.pattern), arguments, positional)
            )
    return routes


def _rule_for(route: Route) -> tuple[str, object] | None:
    if route.namespace == "admin":
        return ("admin_login" if route.name == "admin:login" else "admin_site", None)
    return RULES.get(route.name)


def test_every_url_has_a_rule():
    missing = sorted({r.key for r in _routes() if _rule_for(r) is None})
    assert not missing, f"URLs with no access rule in tests/test_access_matrix.py: {missing}"


@dataclass
class World:
    province_a: object
    province_b: object
    district_a: object
    district_b: object
    program: object
    users: dict
    program_village_a: object = None  # ร้อยใจรักษ์: a village of A in the program
    plan_item_a: object = None
    program_village_b: object = None
    club_a: object = None  # TO BE NUMBER ONE: a club of A with a year, a tier, a contest
    membership_a: object = None
    tier_award_a: object = None
    contest_entry_a: object = None
    district_tier_award_a: object = None  # A's district competes too
    club_b: object = None
    indicator_a: object = None  # A's own indicator in the program's FY 2568 framework
    result_a: object = None
    attachment_a: object = None
    period_approval_a: object = None  # A's quarter 2 of the framework, submitted
    indicator_b: object = None  # B's own indicator in the same framework
    agency_a: object = None
    project_a: object = None
    agency_b: object = None
    project_b: object = None
    # meetings (issue 4): see tests/meetings/factories.py access_world
    committee_a: object = None
    certified_meeting_a: object = None
    certified_item_a: object = None
    meeting_a: object = None
    agenda_item_a: object = None
    deletable_item_a: object = None
    action_item_a: object = None
    deletable_action_a: object = None
    meeting_attachment_a: object = None
    attendance_a: object = None
    committee_b: object = None
    meeting_b: object = None
    report_job_a: object = None  # reports (issue 6): officer A's finished PDF
    signed_record_a: object = None  # reports (issue 21): the certified meeting's record
    token_a: object = None  # officer A's API token
    # evaluations (issue 5): see tests/evaluations/factories.py access_world
    rubric: object = None  # published
    draft_rubric: object = None  # only administrators see it
    draft_component: object = None
    deletable_component: object = None
    draft_criterion: object = None
    deletable_criterion: object = None
    round_a: object = None
    seat_a: object = None  # the evaluator's (chair's) seat on round A's committee
    visit_a: object = None
    sheet_a: object = None
    photo_a: object = None
    site_result_a: object = None
    backup_job: object = None  # a finished backup (issue 17), administrators' only


@pytest.fixture
def world(province_a, province_b, admin_user, officer_a, officer_b, evaluator, evaluator_other,
          executive_a, national_executive):  # fmt: skip
    district_a = province_a.districts.first()
    district_b = DistrictFactory(province=province_b, code="3302", name_th=LEAK_MARKER)
    subdistrict_b = SubdistrictFactory(district=district_b, code="330201")
    Village.objects.create(subdistrict=subdistrict_b, number=1, name_th=LEAK_MARKER)
    world = World(
        province_a=province_a,
        province_b=province_b,
        district_a=district_a,
        district_b=district_b,
        program=ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE"),
        users={
            "anonymous": None,
            "admin": admin_user,
            "officer_a": officer_a,
            "officer_b": officer_b,
            "evaluator": evaluator,
            "evaluator_other": evaluator_other,
            "executive_a": executive_a,
            "national": national_executive,
        },
        program_village_a=(
            program_village_a := ProgramVillageFactory(
                village__subdistrict=district_a.subdistricts.first(), village__number=1
            )
        ),
        plan_item_a=VillagePlanItemFactory(program_village=program_village_a),
        # B's village joins the same program: the list of province A must not show it.
        program_village_b=ProgramVillageFactory(
            program=program_village_a.program,
            village=Village.objects.get(subdistrict=subdistrict_b, number=1),
        ),
        club_a=(club_a := ClubFactory(district=district_a, name="ชมรม TO BE NUMBER ONE นาสมดี")),
        membership_a=ClubMembershipFactory(club=club_a),
        tier_award_a=TierAwardFactory(club=club_a),
        contest_entry_a=ContestEntryFactory(club=club_a),
        district_tier_award_a=TierAwardFactory(level="district", club=None, district=district_a),
        # B's club sits in the district named LEAK_MARKER: A's pages must not show it.
        club_b=ClubFactory(district=district_b, name="ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี"),
        indicator_a=(
            indicator_a := IndicatorFactory(
                objective=(
                    objective := ObjectiveFactory(
                        program=ProgramFactory(slug="to-be-number-one"), fiscal_year=2568
                    )
                ),
                province=province_a,
                frequency="quarterly",
            )
        ),
        result_a=(
            result_a := IndicatorResultFactory(
                indicator=indicator_a, province=province_a, entered_by=officer_a
            )
        ),
        attachment_a=IndicatorAttachmentFactory(result=result_a),
        # Quarter 2, not result_a's quarter 1, which officers still change.
        period_approval_a=PeriodApproval.objects.create(
            program=objective.program,
            province=province_a,
            fiscal_year=2568,
            frequency="quarterly",
            period=2,
            state="submitted",
            submitted_by=officer_a,
            submitted_at=timezone.now(),
        ),  # fmt: skip
        # B's own indicator, agency and project carry LEAK_MARKER: A's pages must not show them.
        indicator_b=IndicatorFactory(objective=objective, province=province_b, name=LEAK_MARKER),
        agency_a=(agency_a := AgencyFactory(province=province_a)),
        project_a=ProjectFactory(program=objective.program, province=province_a, agency=agency_a),
        agency_b=(agency_b := AgencyFactory(province=province_b, name=LEAK_MARKER)),
        project_b=ProjectFactory(
            program=objective.program, province=province_b, agency=agency_b, name=LEAK_MARKER
        ),
        report_job_a=report_done_job(province=province_a, requested_by=officer_a),
        token_a=api_token_create(user=officer_a, name="สคริปต์ของจังหวัดเอ")[0],
        backup_job=done_backup_job(),
        **evaluations_access_world(
            province_a=province_a,
            province_b=province_b,
            evaluator=evaluator,
            leak_marker=LEAK_MARKER,
        ),
        **meetings_access_world(
            province_a=province_a,
            province_b=province_b,
            officer_a=officer_a,
            leak_marker=LEAK_MARKER,
        ),
    )
    world.signed_record_a = done_signed_record(meeting=world.certified_meeting_a)
    return world


def _admin_arguments(route: Route) -> dict:
    # Admin object pages are reached with an id; "1" exercises the object path for
    # every registered model (an administrator may be redirected if it does not exist).
    values = {"url": "nonexistent/", "app_label": "programs"}
    return {name: values.get(name, "1") for name in route.argument_names}


def _url(route: Route, world: World) -> str:
    _kind, arguments = _rule_for(route)
    if route.namespace == "admin":
        kwargs = _admin_arguments(route)
        if route.name and route.positional_count:
            return reverse(route.name, args=["1"] * route.positional_count)
        if route.name:
            return reverse(route.name, kwargs=kwargs)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], route.route)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs[m.group(1)], path)
        return "/" + path.replace("^", "").replace("$", "")
    kwargs = arguments(world) if arguments else {}
    if "format" in route.argument_names:
        kwargs["format"] = "json"
    return reverse(route.name, kwargs=kwargs)


def _body(response) -> bytes:
    # File downloads stream; read them too, a PDF or export must not leak either.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _ensure_signed_in(client, user) -> None:
    if user is not None and client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    user = world.users[role]
    failures = []
    for route in _routes():
        kind = KINDS[_rule_for(route)[0]]
        url = _url(route, world)
        _ensure_signed_in(client, user)
        response = client.get(url)
        if response.status_code not in kind.get[role]:
            failures.append(
                f"GET {url} [{route.key}] → {response.status_code}, expected {kind.get[role]}"
            )
        if role in PROVINCE_A_USERS and response.status_code == 200:
            body = _body(response).decode(errors="replace")
            if LEAK_MARKER in body or world.province_b.name_th in body:
                failures.append(f"GET {url} [{route.key}] shows province B to {role}")
        # The admin site dispatches every state-changing method the same way: POST stands in.
        methods = ["post"] if route.namespace == "admin" else STATE_CHANGING
        for method in methods:
            _ensure_signed_in(client, user)  # a logout URL may have ended the session
            response = getattr(client, method)(url)
            if response.status_code not in kind.change[role]:
                failures.append(
                    f"{method.upper()} {url} [{route.key}] → {response.status_code}, "
                    f"expected {kind.change[role]}"
                )
    assert not failures, "\n".join(failures)


# --- Refuse, don't substitute ----------------------------------------------------------
# The officer of province B names province A's rows in every write that takes one: each
# is refused (400 naming the field, or 404 for an object they cannot see), and nothing
# is made, in B or anywhere.


def _refusals(world):
    a = world
    club = {"name": "ชมรม TO BE NUMBER ONE ทดสอบ", "club_type": "community"}
    return [
        ("api club in A", "api", "/api/v1/clubs/",
         {**club, "province": a.province_a.code, "district": a.district_a.code}, 400, "province"),
        ("api club in A's district", "api", "/api/v1/clubs/",
         {**club, "district": a.district_a.code}, 400, "district"),
        ("api result of A", "api", "/api/v1/indicator-results/",
         {"indicator": a.indicator_a.pk, "province": a.province_a.code, "period": 1, "value": "1"},
         400, "province"),
        ("api report of A", "api", "/api/v1/reports/",
         {"kind": "provincial_summary",
          "parameters": {"province": a.province_a.code, "fiscal_year": 2568}}, 400, "province"),
        ("api sheet for A's visit", "api", "/api/v1/evaluations/submissions/",
         {"client_id": "5f0c8d3e-2f4b-4c55-9a57-0d1c9f1e7a11", "visit": a.visit_a.pk,
          "rubric": a.visit_a.rubric_id, "scores": [], "edited_at": "2025-06-08T10:00:00+07:00"},
         404, None),
        ("api period of A", "api", "/api/v1/period-approvals/submit/",
         {"program": a.program.slug, "province": a.province_a.code, "fiscal_year": 2568,
          "period": "q1"}, 404, None),
        ("page club in A's district", "page", "/clubs/new/",
         {**club, "district": a.district_a.pk}, 200, "district"),
        ("page meeting of A's committee", "page", "/meetings/new/",
         {"committee": a.committee_a.pk, "number": 9, "year": 2568, "title": "ประชุม"},
         200, "committee"),
        ("page report of A", "page", "/reports/new/",
         {"kind": "provincial_summary", "province": a.province_a.code, "fiscal_year": "2568"},
         200, "province"),
    ]  # fmt: skip


REFUSAL_NAMES = [
    "api club in A", "api club in A's district", "api result of A", "api report of A",
    "api sheet for A's visit", "api period of A", "page club in A's district",
    "page meeting of A's committee", "page report of A",
]  # fmt: skip


def _row_counts():
    from evaluations.models import ScoreSheet
    from meetings.models import Meeting
    from programs.models import Club, IndicatorResult, PeriodApproval
    from reports.models import ReportJob

    models = (Club, IndicatorResult, ReportJob, ScoreSheet, Meeting, PeriodApproval)
    return [m.objects.count() for m in models] + [
        PeriodApproval.objects.filter(state="submitted").count()
    ]


@pytest.mark.parametrize("name", REFUSAL_NAMES)
def test_a_value_outside_the_scope_is_refused_not_substituted(client, world, name):
    _name, kind, url, data, status, field = next(r for r in _refusals(world) if r[0] == name)
    client.force_login(world.users["officer_b"])
    before = _row_counts()

    if kind == "api":
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)

    assert response.status_code == status, response.content[:300]
    if kind == "api" and field:
        assert field in response.json()
    if kind == "page":
        form = response.context["form"]
        assert field in form.errors, form.errors
    assert _row_counts() == before
