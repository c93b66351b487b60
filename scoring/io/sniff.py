"""What a file really is, whatever its name says, and whether it is safe to open.

The type is decided from the first bytes (magic numbers) and, for zip files, from
their members: an Office Open XML workbook has ``xl/workbook.xml``. Text files are
decoded with a byte-order mark when there is one, as UTF-8 when that is valid, and
otherwise with the encoding charset-normalizer finds, corrected by a few rules that
keep Chinese and Western text readable (see :func:`decode_text`).

Every limit is checked here, before a parser sees the bytes: the file's size, the
uncompressed size and compression ratio of a zip, XML document type declarations
(the vehicle of entity-expansion attacks), and the number of cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from scoring.errors import InputError
from scoring.io.problems import ImportRefused, Report

__all__ = ["Limits", "decode_text", "detect_type", "sniff_delimiter", "zip_members"]


@dataclass(frozen=True)
class Limits:
    """Limits that protect the importer; a refusal names the limit it hit.

    Attributes
    ----------
    max_bytes
        Largest file accepted, in bytes.
    max_uncompressed
        Largest total uncompressed size of a workbook's members, in bytes.
    max_ratio
        Largest compression ratio of a member bigger than 1 MB uncompressed.
    max_cells
        Largest number of cells in all sheets read.
    max_seconds
        Wall time allowed for one import, checked between its steps.
    """

    max_bytes: int = 30_000_000
    max_uncompressed: int = 300_000_000
    max_ratio: float = 200.0
    max_cells: int = 3_000_000
    max_seconds: float = 30.0


class Clock:
    """A deadline checked between steps of an import."""

    def __init__(self, limits: Limits, report: Report, file: str) -> None:
        self.start = time.monotonic()
        self.limits, self.report, self.file = limits, report, file

    def check(self, step: str) -> None:
        elapsed = time.monotonic() - self.start
        if elapsed > self.limits.max_seconds:
            raise self.report.refuse(
                "limit_time",
                f"import stopped after {elapsed:.1f} s while {step}: the time limit "
                f"is {self.limits.max_seconds:g} s",
                file=self.file,
                expected=f"a file that imports within {self.limits.max_seconds:g} s",
                found=f"{elapsed:.1f} s",
            )


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
_HTML_RE = re.compile(rb"^\s*(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html)", re.I)
_XML_SPREADSHEET_RE = re.compile(rb"^\s*<\?xml[^>]*>\s*(<\?mso|<workbook)", re.I)

CONVERT_HINT = (
    "open it in Excel or LibreOffice and save it as .xlsx (Excel workbook) or .csv "
    "(UTF-8), or convert it with: soffice --headless --convert-to xlsx FILE"
)


def detect_type(data: bytes, name: str, report: Report, limits: Limits) -> str:
    """``"xlsx"``, ``"ods"``, ``"xls"`` or ``"text"`` from the bytes; else refuse."""
    if len(data) > limits.max_bytes:
        raise report.refuse(
            "limit_size",
            f"the file is {len(data):,} bytes, over the size limit",
            file=name,
            expected=f"at most {limits.max_bytes:,} bytes",
            found=f"{len(data):,} bytes",
        )
    if not data.strip():
        raise report.refuse("empty_file", "the file is empty", file=name)
    if data.startswith(b"PK"):
        return _zip_type(data, name, report)
    if data.startswith(_OLE2):
        return "xls"
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise report.refuse(
                "not_spreadsheet",
                f"the file is {what}, not a spreadsheet",
                file=name,
                expected="an .xlsx workbook or a CSV/TSV text file",
                found=what,
            )
    head = data[:2048].lstrip(codecs.BOM_UTF8)
    if _HTML_RE.match(head):
        raise report.refuse(
            "html_file",
            "the file is an HTML page (web apps often save tables as HTML with an "
            "Excel name), not a workbook; " + CONVERT_HINT,
            file=name,
            expected="an .xlsx workbook or a CSV file",
            found="HTML",
        )
    if _XML_SPREADSHEET_RE.match(head):
        raise report.refuse(
            "xml_spreadsheet",
            "the file is an Excel 2003 XML spreadsheet; " + CONVERT_HINT,
            file=name,
            expected="an .xlsx workbook or a CSV file",
            found="XML Spreadsheet 2003",
        )
    return "text"


def _zip_type(data: bytes, name: str, report: Report) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise report.refuse(
            "damaged_zip",
            "the file starts like a workbook (a zip archive) but is damaged or "
            "incomplete, perhaps cut off during upload or download; upload it again "
            "or re-save it",
            file=name,
            expected="a complete .xlsx file",
            found=f"{len(data):,} bytes that are not a readable zip archive",
        ) from None
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and b"opendocument.spreadsheet" in data[:200]:
        return "ods"
    what = "a Word document" if "word/document.xml" in names else "a zip archive"
    raise report.refuse(
        "not_spreadsheet",
        f"the file is {what}, not a spreadsheet",
        file=name,
        expected="an .xlsx workbook or a CSV/TSV text file",
        found=what,
    )


def zip_members(
    data: bytes, name: str, report: Report, limits: Limits
) -> dict[str, bytes]:
    """The XML members of a workbook, read within the limits.

    Refuses a zip whose declared or actual uncompressed size exceeds the limit, a
    member compressed beyond the ratio limit, a damaged member, and XML carrying a
    document type declaration (entity definitions are never needed in a workbook).
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_uncompressed:
        raise _too_big(report, name, declared, limits)
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.file_size > 1_000_000:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise report.refuse(
                    "limit_ratio",
                    f"member {info.filename} expands {ratio:,.0f} times (a zip bomb?)",
                    file=name,
                    expected=f"a compression ratio of at most {limits.max_ratio:g}",
                    found=f"{ratio:,.0f}",
                )
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as stream:
                content = stream.read(limits.max_uncompressed - total + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise report.refuse(
                "damaged_zip",
                f"member {info.filename} of the workbook is damaged ({exc})",
                file=name,
                expected="a complete .xlsx file",
            ) from None
        total += len(content)
        if total > limits.max_uncompressed:
            raise _too_big(report, name, total, limits)
        if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
            raise report.refuse(
                "xml_doctype",
                f"member {info.filename} declares XML entities, which workbooks never "
                "need and which can be used to exhaust memory; the file is refused",
                file=name,
                expected="XML without <!DOCTYPE> or <!ENTITY> declarations",
                found="<!DOCTYPE" if b"<!DOCTYPE" in content[:4096] else "<!ENTITY",
            )
        members[info.filename] = content
    return members


def _too_big(report: Report, name: str, size: int, limits: Limits) -> Exception:
    return report.refuse(
        "limit_uncompressed",
        f"the workbook unpacks to {size:,} bytes, over the limit (a zip bomb?)",
        file=name,
        expected=f"at most {limits.max_uncompressed:,} bytes uncompressed",
        found=f"{size:,} bytes",
    )


# text ------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_EAST_ASIAN = ("big5", "cp950", "gb", "hz", "euc", "shift_jis", "cp932", "cp949")
_EAST_ASIAN += ("iso2022", "johab", "ms_kanji", "ms932", "ms949", "ms950")
#: Bytes that cp1252 leaves undefined.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(
    data: bytes, name: str, report: Report, encoding: str | None = None
) -> tuple[str, str]:
    """The text of a file and the encoding used.

    Rules, in order: an explicit ``encoding``; a byte-order mark; UTF-16 without a
    mark (NUL bytes, nearly all in odd or all in even positions, as ASCII
    characters give); strict UTF-8; otherwise
    charset-normalizer's best guess, with two corrections: Big5 is read as its
    superset cp950, and a Western single-byte guess is replaced by cp1252 whenever
    cp1252 decodes the bytes (charset-normalizer's Western guesses among short
    files are unreliable, and cp1252 is what Windows saves).
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as exc:
            raise report.refuse(
                "encoding",
                f"the file cannot be read as {encoding}: {exc}",
                file=name,
                expected=f"text in {encoding}",
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text.removeprefix("\ufeff"), codec.removesuffix("-sig")
    sample = data[: 4000 - 4000 % 2]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if max(odd, even) >= len(sample) / 20 and min(odd, even) * 10 <= max(odd, even):
        codec = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise report.refuse(
            "binary_file",
            "the file holds binary data, not text or a workbook",
            file=name,
            expected="an .xlsx workbook or a CSV/TSV text file",
            found="binary data",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    for codec in _candidates(guess, data):
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            continue
    raise report.refuse(
        "encoding",
        "the text encoding of the file could not be recognised",
        file=name,
        expected="UTF-8, UTF-16, Big5/cp950, GB18030, Shift-JIS or cp1252 text",
    )


def _candidates(guess: str | None, data: bytes) -> list[str]:
    if guess is None:
        return ["cp950", "gb18030", "cp1252", "latin-1"]
    lowered = guess.lower()
    if lowered.startswith("big5") and lowered != "big5hkscs":
        return ["cp950", "big5hkscs", guess]
    if lowered.startswith(_EAST_ASIAN):
        return [guess]
    western = "cp1252" if not (_CP1252_HOLES & set(data)) else guess
    return [western, guess, "latin-1"]


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text among ``,`` ``;`` tab and ``|``.

    Each is tried on the first 30 non-blank lines; the one that splits most lines
    into the same number (above one) of fields wins, ties going to more fields.
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()][:30]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t", "|"):
        rows = list(csv.reader(lines, delimiter=delimiter))
        counts = [len(r) for r in rows if len(r) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_text_file(path: str | Path) -> str:
    """The text of a small file in any encoding :func:`decode_text` recognises.

    Raises
    ------
    InputError
        When the file cannot be read or its encoding is not recognised; the
        message names the file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror}", file=str(path)
        ) from None
    try:
        text, _ = decode_text(data, path.name, Report())
    except ImportRefused as exc:
        raise InputError(
            exc.problem.message, file=path.name, expected=exc.problem.expected
        ) from None
    return text
