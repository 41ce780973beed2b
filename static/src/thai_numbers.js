// Numbers as Thai officers type them: the rule of thai/numbers.py (parse_decimal),
// written again for the phone, which checks a score before it is sent.
// tests/thai/test_numbers_in_the_browser.py runs both on one table of inputs.
//
// Thai or Arabic digits; spaces ignored; a point is the decimal point; a comma only
// separates thousands, in groups of three ("12,500.5"); any other comma is refused.
(function () {
  "use strict";

  const PLAIN = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
  const GROUPED = /^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$/;
  const MAX_MAGNITUDE = 20;

  function arabicDigits(text) {
    return text.replace(/[\u0E50-\u0E59]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50));
  }

  // { value: Number, text: "7.5" } or { error: "required" | "comma" | "invalid" | "out_of_range" }
  function parseDecimal(typed) {
    let cleaned = arabicDigits(String(typed ?? "")).replace(/\s+/g, "");
    if (cleaned === "") return { error: "required" };
    if (cleaned.includes(",")) {
      if (!GROUPED.test(cleaned)) return { error: "comma" };
      cleaned = cleaned.replace(/,/g, "");
    }
    if (!PLAIN.test(cleaned)) return { error: "invalid" };
    const value = Number(cleaned);
    const digits = cleaned.replace(/^[+-]/, "").replace(".", "").replace(/^0+/, "");
    if (value !== 0) {
      const magnitude = Math.floor(Math.log10(Math.abs(value)));
      if (magnitude > MAX_MAGNITUDE || magnitude < -MAX_MAGNITUDE || digits.length > 40) {
        return { error: "out_of_range" };
      }
    }
    return { value, text: cleaned };
  }

  globalThis.thaiNumbers = { arabicDigits, parseDecimal };
})();
