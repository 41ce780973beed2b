"""One rule for a typed number, on the server (thai.numbers.parse_decimal) and on the
phone (static/src/thai_numbers.js): the same table of inputs gives the same answers."""

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from thai.numbers import parse_decimal

# typed → the number, or the error's code
TABLE = [
    ("7.5", "7.5"),
    ("๗.๕", "7.5"),
    (" 8 ", "8"),
    ("๑๐", "10"),
    ("2568", "2568"),
    ("๒๕๖๘", "2568"),
    ("1,250.5", "1250.5"),
    ("12,500", "12500"),
    ("๑,๒๓๔.๕", "1234.5"),
    ("1,234,567.89", "1234567.89"),
    ("1 000", "1000"),
    ("-3", "-3"),
    ("+4", "4"),
    (".5", "0.5"),
    ("5.", "5"),
    ("0", "0"),
    ("7,5", "comma"),
    ("1,00", "comma"),
    ("1,2,3", "comma"),
    (",5", "comma"),
    ("", "required"),
    ("   ", "required"),
    ("abc", "invalid"),
    ("1e5", "invalid"),
    ("1e999999999", "invalid"),
    ("NaN", "invalid"),
    ("Infinity", "invalid"),
    ("0x10", "invalid"),
    ("1.2.3", "invalid"),
    ("1" + "0" * 25, "out_of_range"),
]
SCRIPT = Path(settings.BASE_DIR) / "static" / "src" / "thai_numbers.js"


def server(typed: str) -> str:
    try:
        return str(parse_decimal(typed).normalize() + 0)
    except ValidationError as error:
        return error.code


@pytest.mark.parametrize(("typed", "expected"), TABLE)
def test_the_server_reads_a_typed_number(typed, expected):
    result = server(typed)
    assert result == expected if expected[0].isalpha() else Decimal(result) == Decimal(expected)


def test_the_phone_reads_every_input_as_the_server_does():
    node = shutil.which("node")
    assert node, "node is installed by `make setup` (npm ci)"
    program = f"""
        const vm = require("vm"), fs = require("fs");
        const context = {{}};
        vm.runInNewContext(fs.readFileSync({json.dumps(str(SCRIPT))}, "utf8"), context);
        const inputs = JSON.parse(fs.readFileSync(0, "utf8"));
        console.log(JSON.stringify(inputs.map((typed) => {{
          const parsed = context.thaiNumbers.parseDecimal(typed);
          return parsed.error || parsed.text;
        }})));
    """
    answer = subprocess.run(
        [node, "-e", program],
        input=json.dumps([typed for typed, _expected in TABLE]),
        capture_output=True,
        text=True,
        check=True,
    )
    phone = json.loads(answer.stdout)
    for (typed, expected), result in zip(TABLE, phone, strict=True):
        if expected[0].isalpha():
            assert result == expected, typed
        else:
            assert Decimal(result) == Decimal(expected), typed
            assert server(typed) not in {"comma", "invalid", "required", "out_of_range"}
