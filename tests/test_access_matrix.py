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

from programs.models import Village
from tests.programs.factories import DistrictFactory, ProgramFactory, SubdistrictFactory

ROLES = [
    "anonymous",
    "admin",
    "officer_a",
    "officer_b",
    "evaluator",
    "executive_a",
    "national",
]
# Users who belong to province A and must never see province B.
PROVINCE_A_USERS = {"officer_a", "executive_a"}
LEAK_MARKER = "อำเภอลับเฉพาะจังหวัดบี"
STATE_CHANGING = ["post", "put", "patch", "delete"]


def _all(expected: int | set[int], **overrides: int | set[int]) -> dict[str, set[int]]:
    as_set = lambda value: value if isinstance(value, set) else {value}  # noqa: E731
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
    "set_language": Kind(get=_all({204, 302}), change=_all(302)),
    "healthz": Kind(get=_all({200, 503}), change=_all(405)),
    "public_docs": Kind(get=_all(200), change=_all(405)),
    "api_token": Kind(get=_all(405), change=_all({400, 405})),
    "api": Kind(get=_all(200, anonymous=API_ANONYMOUS), change=_all(405, anonymous=API_ANONYMOUS)),
    "api_of_province_a": Kind(
        get=_all(200, anonymous=API_ANONYMOUS, officer_b=404, evaluator=404),
        change=_all(405, anonymous=API_ANONYMOUS),
    ),
    # The admin site: only administrators get in; everyone else is sent to its login.
    "admin_site": Kind(get=_all(302, admin=ADMIN_ANY), change=_all({302, 405}, admin=ADMIN_ANY)),
    # Its own login page answers everyone (a signed-in non-administrator is told so).
    "admin_login": Kind(get=_all({200, 302}), change=_all({200, 302, 405})),
}

# URL name → (kind, how to fill its arguments from the world).
RULES: dict[str, tuple[str, object]] = {
    "accounts:home": ("page", None),
    "accounts:login": ("login", None),
    "accounts:logout": ("logout", None),
    "accounts:password_change": ("own_form", None),
    "accounts:password_change_done": ("page", None),
    "programs:province_list": ("page", None),
    "programs:province_detail": ("page_of_province_a", lambda w: {"pk": w.province_a.pk}),
    "programs:program_list": ("page", None),
    "programs:program_detail": ("page", lambda w: {"slug": w.program.slug}),
    "set_language": ("set_language", None),
    "healthz": ("healthz", None),
    "api-schema": ("public_docs", None),
    "api-docs": ("public_docs", None),
    "api:api-root": ("api", None),
    "api:token": ("api_token", None),
    "api:me": ("api", None),
    "api:province-list": ("api", None),
    "api:province-detail": ("api_of_province_a", lambda w: {"code": w.province_a.code}),
    "api:district-list": ("api", None),
    "api:district-detail": ("api_of_province_a", lambda w: {"code": w.district_a.code}),
    "api:program-list": ("api", None),
    "api:program-detail": ("api", lambda w: {"slug": w.program.slug}),
    # --- clubs, memberships, tiers, contests --------------------------------------
    # --- frameworks, indicators, results ------------------------------------------
    # --- agencies and projects ----------------------------------------------------
    # --- ร้อยใจรักษ์ villages -------------------------------------------------------
    # --- API of the programs issue -------------------------------------------------
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


@pytest.fixture
def world(province_a, province_b, admin_user, officer_a, officer_b, evaluator, executive_a,
          national_executive):  # fmt: skip
    district_a = province_a.districts.first()
    district_b = DistrictFactory(province=province_b, code="3302", name_th=LEAK_MARKER)
    subdistrict_b = SubdistrictFactory(district=district_b, code="330201")
    Village.objects.create(subdistrict=subdistrict_b, number=1, name_th=LEAK_MARKER)
    return World(
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
            "executive_a": executive_a,
            "national": national_executive,
        },
    )


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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(client, world, role):
    user = world.users[role]
    failures = []
    for route in _routes():
        kind = KINDS[_rule_for(route)[0]]
        url = _url(route, world)
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code not in kind.get[role]:
            failures.append(
                f"GET {url} [{route.key}] → {response.status_code}, expected {kind.get[role]}"
            )
        if role in PROVINCE_A_USERS and response.status_code == 200:
            body = response.content.decode(errors="replace")
            if LEAK_MARKER in body or world.province_b.name_th in body:
                failures.append(f"GET {url} [{route.key}] shows province B to {role}")
        # The admin site dispatches every state-changing method the same way: POST stands in.
        methods = ["post"] if route.namespace == "admin" else STATE_CHANGING
        for method in methods:
            if user is not None:
                client.force_login(user)  # a previous request may have logged out
            response = getattr(client, method)(url)
            if response.status_code not in kind.change[role]:
                failures.append(
                    f"{method.upper()} {url} [{route.key}] → {response.status_code}, "
                    f"expected {kind.change[role]}"
                )
    assert not failures, "\n".join(failures)
