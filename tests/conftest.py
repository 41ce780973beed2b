"""The shared cast: two provinces, and a user of every role."""

import pytest
from django.core.cache import cache

from accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.programs.factories import DistrictFactory, ProvinceFactory, SubdistrictFactory

PASSWORD = "pass-1234-word"


@pytest.fixture(autouse=True)
def _clear_cache():
    # Login throttling and rate limits live in the cache (Redis); start each test clean.
    cache.clear()
    yield


@pytest.fixture
def province_a(db):
    """Nakhon Phanom (48): the officer's own province in most tests."""
    province = ProvinceFactory(code="48", name_th="นครพนม", name_en="Nakhon Phanom")
    district = DistrictFactory(province=province, code="4801", name_th="เมืองนครพนม")
    SubdistrictFactory(district=district, code="480101", name_th="ในเมือง")
    return province


@pytest.fixture
def province_b(db):
    """Sisaket (33): the other province, whose rows province A must never see."""
    province = ProvinceFactory(code="33", name_th="ศรีสะเกษ", name_en="Si Sa Ket")
    district = DistrictFactory(province=province, code="3301", name_th="เมืองศรีสะเกษ")
    SubdistrictFactory(district=district, code="330101", name_th="เมืองใต้")
    return province


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def officer_a(province_a):
    return UserFactory(username="officer_a", role=Role.OFFICER, province=province_a)


@pytest.fixture
def officer_b(province_b):
    return UserFactory(username="officer_b", role=Role.OFFICER, province=province_b)


@pytest.fixture
def evaluator(db):
    return UserFactory(username="evaluator", role=Role.EVALUATOR, position="ข้าราชการบำนาญ")


@pytest.fixture
def executive_a(province_a):
    return UserFactory(username="governor_a", role=Role.EXECUTIVE, province=province_a)


@pytest.fixture
def national_executive(db):
    return UserFactory(username="national", role=Role.EXECUTIVE, province=None)
