"""Reading single cells as people type them: names, numbers, marks, dates.

Names (headers, vendors, criteria) are cleaned but never folded: invisible
characters go (BOM, zero-width, other format characters), every kind of space
becomes one ASCII space, the ends are trimmed, and everything else is kept exactly
as typed, full-width characters included. Matching names uses a looser key (NFKC,
case-folded). Numbers are read after NFKC, so full-width digits and punctuation,
percent signs, decimal commas and thousands separators are understood.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from scoring.models import NOT_OFFERED_TOKENS, PARTNER_TOKENS, RatingKind

__all__ = [
    "clean_name",
    "decide_decimal",
    "excel_serial_date",
    "is_blank",
    "match_key",
    "parse_date_text",
    "parse_direction",
    "parse_number",
    "read_rating",
]

_FORMAT_CHARS = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"}
_SPACES_RE = re.compile(r"\s+")


def _drop_invisible(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r"
        or (ch not in _FORMAT_CHARS and unicodedata.category(ch) not in ("Cf", "Cc"))
    )


def clean_name(text: object) -> str:
    """A header or a name as typed, minus invisible characters and outer spaces."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = _plain_number(text) if isinstance(text, float) else str(text)
    return _SPACES_RE.sub(" ", _drop_invisible(text)).strip()


def _plain_number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def match_key(text: object) -> str:
    """The key two names are compared on: NFKC, case-folded, ``_`` as a space."""
    text = unicodedata.normalize("NFKC", clean_name(text))
    return _SPACES_RE.sub(" ", text.casefold().replace("_", " ")).strip()


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, or text with nothing visible."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return clean_name(value) == ""
    return False


# numbers -------------------------------------------------------------------------

_DOT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?$")
_COMMA = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?(?:e[+-]?\d+)?$")
_COMMA_DECIMAL_EVIDENCE = re.compile(
    r"^[+-]?(?:\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+)$"
)
_DOT_DECIMAL_EVIDENCE = re.compile(
    r"^[+-]?(?:\d+\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+)$"
)
_APOSTROPHE_THOUSANDS = re.compile(r"(?<=\d)['’](?=\d{3})")


def _number_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    text = text.replace("\u2212", "-").replace("\u2012", "-").replace("\u2013", "-")
    text = _APOSTROPHE_THOUSANDS.sub("", text)
    return _SPACES_RE.sub("", text).lower()


def parse_number(text: str, decimal: str = ".") -> tuple[float, bool] | None:
    """The number written in ``text``, and whether it was a percentage.

    ``"35%"``, ``"35 %"`` and ``"３５％"`` give ``(0.35, True)``; ``"1.234,5"`` with
    ``decimal=","`` gives ``(1234.5, False)``. Returns None when the text is not a
    finite number in that notation.
    """
    cleaned = _number_text(text)
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if not cleaned or not any(ch.isdigit() for ch in cleaned):
        return None
    if decimal == ",":
        if not _COMMA.match(cleaned):
            return None
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        if not _DOT.match(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return (value / 100.0 if percent else value), percent


def decide_decimal(texts: list[str], delimiter: str | None) -> tuple[str, bool]:
    """The decimal mark of a table from its numeric text, and whether it is mixed.

    Unambiguous evidence decides (``3,5`` or ``1.234,5`` for a comma; ``3.5`` or
    ``1,234.5`` for a dot); with none, a ``;``-separated file uses the comma and
    everything else the dot.
    """
    comma = dot = 0
    for text in texts:
        cleaned = _number_text(text).rstrip("%")
        if _COMMA_DECIMAL_EVIDENCE.match(cleaned):
            comma += 1
        elif _DOT_DECIMAL_EVIDENCE.match(cleaned):
            dot += 1
    if comma or dot:
        return ("," if comma > dot else "."), bool(comma and dot)
    return ("," if delimiter == ";" else "."), False


# ratings -------------------------------------------------------------------------

RATING_BLANK = "blank"
RATING_NUMBER = "number"
RATING_TEXT_NUMBER = "text_number"
RATING_PERCENT = "percent"
RATING_MARK = "mark"


def read_rating(value: object, decimal: str = ".") -> tuple[RatingKind, float, str]:
    """One rating cell as ``(kind, number or NaN, how it was read)``.

    Raises
    ------
    ValueError
        When the cell is neither a number, nor a mark (N/A family, P), nor blank.
    """
    if value is None:
        return RatingKind.UNKNOWN, math.nan, RATING_BLANK
    if isinstance(value, bool):
        raise ValueError(f"a true/false value ({value})")
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return RatingKind.UNKNOWN, math.nan, RATING_BLANK
        if not math.isfinite(number):
            raise ValueError(f"an infinite number ({value})")
        return RatingKind.VALUE, number, RATING_NUMBER
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ValueError(f"a date or time ({value})")
    text = str(value)
    folded = unicodedata.normalize("NFKC", clean_name(text)).casefold()
    if folded == "":
        return RatingKind.UNKNOWN, math.nan, RATING_BLANK
    if folded in NOT_OFFERED_TOKENS:
        return RatingKind.NOT_OFFERED, math.nan, RATING_MARK
    if folded in PARTNER_TOKENS:
        return RatingKind.PARTNER, math.nan, RATING_MARK
    parsed = parse_number(text, decimal)
    if parsed is None:
        raise ValueError(f"the text {clean_name(text)!r}")
    number, percent = parsed
    return RatingKind.VALUE, number, (RATING_PERCENT if percent else RATING_TEXT_NUMBER)


# directions ----------------------------------------------------------------------

_COST = {"cost", "min", "minimise", "minimize", "lower", "lower is better", "-"}
_COST |= {
    "成本",
    "越低越好",
    "愈低愈好",
    "越小越好",
    "成本型",
    "コスト",
    "低いほど良い",
}
_BENEFIT = {"benefit", "max", "maximise", "maximize", "higher", "higher is better"}
_BENEFIT |= {"+", "效益", "越高越好", "愈高愈好", "越大越好", "效益型", "利益"}
_BENEFIT |= {"ベネフィット", "高いほど良い"}
DIRECTION_CHOICES = "benefit or cost (also max/min, 效益/成本)"


def parse_direction(value: object) -> str | None:
    """``"benefit"`` or ``"cost"`` from a cell, or None when it is neither."""
    key = match_key(value)
    if key in _COST:
        return "cost"
    if key in _BENEFIT:
        return "benefit"
    return None


# dates ---------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
#: Serial numbers accepted as dates: 1954-10-03 to 2119-01-27 in the 1900 system.
SERIAL_RANGE = (20000, 80000)


def parse_date_text(text: str) -> dt.date | None:
    """A date written year first (``2024-03-01``, ``2024/3/1``, ``2024年3月1日``)."""
    match = _ISO_DATE.match(_number_text(text))
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def excel_serial_date(serial: float, date1904: bool = False) -> dt.date:
    """The date of an Excel serial number (1900 system unless ``date1904``).

    The 1900 system counts 1900-02-29, which never existed, so serials from 61 on
    are days since 1899-12-30.
    """
    if date1904:
        return dt.date(1904, 1, 1) + dt.timedelta(days=int(serial))
    base = dt.date(1899, 12, 30) if serial >= 61 else dt.date(1899, 12, 31)
    return base + dt.timedelta(days=int(serial))
