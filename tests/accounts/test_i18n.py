"""Thai first, English complete: the English catalogue, switching language, and the
password change page, whose rules and errors Django's own Thai locale leaves in English."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts import password_validation as thai_validators
from tests.conftest import PASSWORD

HOME = reverse("portal:home")
LOGIN = reverse("accounts:login")
PASSWORD_CHANGE = reverse("accounts:password_change")
SET_LANGUAGE = reverse("accounts:set_language")

EN_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
THAI = re.compile(r"[\u0E00-\u0E7F]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

TOO_SHORT = "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร"
TOO_SIMILAR = "รหัสผ่านคล้ายกับชื่อผู้ใช้มากเกินไป"
TOO_COMMON = "รหัสผ่านนี้ใช้กันทั่วไปและเดาง่าย"
ALL_DIGITS = "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด"
WRONG_OLD_PASSWORD = "รหัสผ่านเดิมไม่ถูกต้อง กรุณากรอกใหม่อีกครั้ง"
MISMATCH = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"
THAI_RULES = [
    "รหัสผ่านต้องไม่คล้ายกับข้อมูลส่วนตัวอื่นของคุณ",
    "รหัสผ่านต้องมีความยาวอย่างน้อย 8 ตัวอักษร",
    "รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป",
    "รหัสผ่านต้องมีตัวอักษรหรือสัญลักษณ์อื่นนอกเหนือจากตัวเลข",
]
STRONG_PASSWORD = "Nakhon-Phanom-2568!"


# --- A small .po reader ------------------------------------------------------------


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (a list), flags, obsolete."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        entry["obsolete"] = any(line.startswith("#~") for line in block.splitlines())
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r"(msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s", line):
                key = match.group(1)
                value = _unquote(line)
                if key.startswith("msgstr"):
                    key = int(match.group(2) or 0)
                    entry["msgstr"][key] = value
                else:
                    entry[key] = value
            elif line.startswith('"') and key is not None:
                if isinstance(key, int):
                    entry["msgstr"][key] += _unquote(line)
                else:
                    entry[key] += _unquote(line)
        if entry["msgid"] is not None:
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def catalogue() -> list[dict]:
    return [e for e in read_po(EN_PO) if e["msgid"] != "" and not e["obsolete"]]


def text_of(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def main_text(response) -> str:
    """The page's own content, without the shared header and footer."""
    match = re.search(r"(?s)<main\b.*?</main>", response.text)
    assert match, "the page has no <main>"
    return text_of(match.group(0))


# --- (a) The English catalogue is complete ----------------------------------------


def test_english_catalogue_is_not_empty_and_its_header_is_not_fuzzy():
    entries = read_po(EN_PO)
    header = next(e for e in entries if e["msgid"] == "")

    assert "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"][0]
    assert len(catalogue()) > 100


def test_every_thai_msgid_has_an_english_translation_and_none_is_fuzzy():
    problems = []
    for entry in catalogue():
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        forms = 2 if entry["msgid_plural"] is not None else 1
        if len(entry["msgstr"]) != forms or not all(s.strip() for s in entry["msgstr"]):
            problems.append(f"untranslated: {entry['msgid']!r}")

    assert not problems, "\n".join(problems)


def test_translations_keep_every_placeholder_and_are_english():
    problems = []
    for entry in catalogue():
        wanted = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translated in entry["msgstr"]:
            if sorted(PLACEHOLDER.findall(translated)) != wanted:
                problems.append(f"placeholders differ: {entry['msgid']!r} -> {translated!r}")
            if not LATIN_WORD.search(translated):
                problems.append(f"no English in: {entry['msgid']!r} -> {translated!r}")

    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file():
    """The .mo is built at set-up (`make messages`); a stale one shows old English."""
    mo = EN_PO.with_suffix(".mo")
    assert mo.exists(), "locale/en/LC_MESSAGES/django.mo is missing: run `make messages`"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"]
        for entry in catalogue()
        if entry["msgid_plural"] is None and compiled.gettext(entry["msgid"]) != entry["msgstr"][0]
    ]

    assert not stale, "django.mo is older than django.po; run `make messages`: " + repr(stale)


# --- (b) Switching to English -----------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_english_after_choosing_english(client):
    response = client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})
    assert response.status_code == 302

    page = client.get(LOGIN)

    assert '<html lang="en">' in page.text
    assert "Sign in" in page.text
    assert "Username" in page.text
    assert "Phetchabun Sufficiency" in page.text
    assert "เข้าสู่ระบบ" not in page.text
    assert not THAI.search(main_text(page))


@pytest.mark.django_db
def test_officer_home_is_english_after_choosing_english(client, officer_a):
    client.post(SET_LANGUAGE, {"language": "en", "next": LOGIN})
    response = client.post(LOGIN, {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 302

    page = client.get(HOME)

    assert '<html lang="en">' in page.text
    for english in ["Home", "My province", "Programs", "Sign out", "Change password",
                    "Provincial officer", "Hello, provincial officer of นครพนม", "Fiscal year",
                    "My tasks", "Monitored programs"]:  # fmt: skip
        assert english in page.text, english
    for thai in ["หน้าแรก", "จังหวัดของฉัน", "ออกจากระบบ", "เจ้าหน้าที่จังหวัด", "ปีงบประมาณ",
                 "งานของฉัน", "โครงการที่ติดตาม"]:  # fmt: skip
        assert thai not in page.text, thai


@pytest.mark.django_db
def test_password_rules_and_errors_are_english_in_english(client, officer_a):
    client.post(SET_LANGUAGE, {"language": "en", "next": PASSWORD_CHANGE})
    client.force_login(officer_a)

    page = client.post(
        PASSWORD_CHANGE,
        {"old_password": "not-it", "new_password1": "Qz-7", "new_password2": "Qz-7"},
    )

    text = main_text(page)
    assert "Your current password is incorrect. Please enter it again." in text
    assert "This password is too short. It must contain at least 8 characters." in text
    assert "Your password must contain at least 8 characters." in text
    assert not THAI.search(text), text


# --- (c) Thai password errors on the change form ----------------------------------


def change_password(client, old: str, new1: str, new2: str | None = None):
    return client.post(
        PASSWORD_CHANGE,
        {
            "old_password": old,
            "new_password1": new1,
            "new_password2": new1 if new2 is None else new2,
        },
    )


def assert_nothing_changed(client, user):
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.logout()
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_password", "thai_error"),
    [
        ("Qz-7", TOO_SHORT),
        ("48215397", ALL_DIGITS),
        ("password", TOO_COMMON),
        ("officer_a1", TOO_SIMILAR),
    ],
    ids=["too-short", "numeric", "common", "like-the-username"],
)
def test_weak_new_password_is_refused_in_thai(client, officer_a, new_password, thai_error):
    client.force_login(officer_a)

    response = change_password(client, PASSWORD, new_password)

    assert response.status_code == 200
    assert thai_error in response.context["form"].errors["new_password2"]
    text = main_text(response)
    assert thai_error in text
    assert "This password" not in response.text
    assert not LATIN_WORD.search(text), f"English on a Thai page: {text}"
    assert_nothing_changed(client, officer_a)


@pytest.mark.django_db
def test_wrong_old_password_is_refused_in_thai(client, officer_a):
    client.force_login(officer_a)

    response = change_password(client, "not-it", STRONG_PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == [WRONG_OLD_PASSWORD]
    text = main_text(response)
    assert WRONG_OLD_PASSWORD in text
    assert "Your old password" not in response.text
    assert not LATIN_WORD.search(text), f"English on a Thai page: {text}"
    assert_nothing_changed(client, officer_a)


@pytest.mark.django_db
def test_mismatched_new_passwords_are_refused_in_thai(client, officer_a):
    client.force_login(officer_a)

    response = change_password(client, PASSWORD, STRONG_PASSWORD, STRONG_PASSWORD + "x")

    assert response.context["form"].errors["new_password2"] == [MISMATCH]
    text = main_text(response)
    assert "didn’t match" not in response.text
    assert not LATIN_WORD.search(text), f"English on a Thai page: {text}"
    assert_nothing_changed(client, officer_a)


@pytest.mark.django_db
def test_good_new_password_still_works_with_the_thai_form(client, officer_a):
    client.force_login(officer_a)

    response = change_password(client, PASSWORD, STRONG_PASSWORD)

    assert response.status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.check_password(STRONG_PASSWORD)


# --- (d) The rules are listed in Thai ---------------------------------------------


@pytest.mark.django_db
def test_password_change_page_lists_the_rules_in_thai(client, officer_a):
    client.force_login(officer_a)

    response = client.get(PASSWORD_CHANGE)

    assert response.status_code == 200
    text = main_text(response)
    for rule in THAI_RULES:
        assert rule in text, rule
    for label in ["รหัสผ่านเดิม", "รหัสผ่านใหม่", "ยืนยันรหัสผ่านใหม่"]:
        assert label in text
    assert not LATIN_WORD.search(text), f"English on a Thai page: {text}"


def test_configured_validators_are_the_thai_ones_and_keep_djangos_checks():
    validators = get_default_password_validators()

    assert [type(v) for v in validators] == [
        thai_validators.UserAttributeSimilarityValidator,
        thai_validators.MinimumLengthValidator,
        thai_validators.CommonPasswordValidator,
        thai_validators.NumericPasswordValidator,
    ]
    with translation.override("th"):
        assert password_validators_help_texts() == THAI_RULES


@pytest.mark.parametrize(
    ("password", "code", "thai_error"),
    [
        ("Qz-7", "password_too_short", TOO_SHORT),
        ("48215397", "password_entirely_numeric", ALL_DIGITS),
        ("password", "password_too_common", TOO_COMMON),
    ],
)
def test_validate_password_raises_thai_messages_with_djangos_codes(password, code, thai_error):
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        validate_password(password)

    assert code in [error.code for error in caught.value.error_list]
    assert thai_error in caught.value.messages


def test_minimum_length_message_is_singular_for_one_character_in_english():
    validator = thai_validators.MinimumLengthValidator(min_length=1)

    with translation.override("en"):
        assert validator.get_help_text() == "Your password must contain at least 1 character."
    with translation.override("th"):
        assert validator.get_help_text() == "รหัสผ่านต้องมีความยาวอย่างน้อย 1 ตัวอักษร"
