"""Reading the sheets of a file into plain grids of cell values.

Values come from python-calamine (fast, cached formula results, dates as dates).
What calamine does not say is read cheaply from the sheet XML with regular
expressions, never with an entity-expanding parser: hidden rows and columns,
formulas whose cached value is missing, and the 1904 date system. Sheet names and
states come from ``xl/workbook.xml``, parsed with defusedxml.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
import python_calamine as calamine

from scoring.io.problems import Report
from scoring.io.sniff import (
    CONVERT_HINT,
    Clock,
    Limits,
    decode_text,
    sniff_delimiter,
    zip_members,
)

__all__ = ["RawSheet", "read_sheets"]

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class RawSheet:
    """One sheet (or a whole CSV file) as a grid, with where the grid sits.

    ``rows[i][j]`` is the cell at sheet row ``first_row + i`` (1-based) and column
    index ``first_col + j`` (0-based). Empty cells are None. ``formulas`` maps
    ``(row, col)`` (1-based row, 0-based column) of formulas that have no cached
    value to their text.
    """

    file: str
    name: str | None
    rows: list[list[object]]
    first_row: int = 1
    first_col: int = 0
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    text_source: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    date1904: bool = False
    evaluated: list[tuple[int, int]] = field(default_factory=list)
    failed: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def read_sheets(
    data: bytes,
    name: str,
    kind: str,
    report: Report,
    limits: Limits,
    clock: Clock,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> list[RawSheet]:
    """Every sheet of a workbook, or the one table of a text file.

    ``encoding`` and ``delimiter`` force those of a text file.
    """
    if kind == "text":
        return [_read_text(data, name, report, encoding, delimiter)]
    members: dict[str, bytes] = {}
    if kind == "xlsx":
        members = zip_members(data, name, report, limits)
        clock.check("unpacking the workbook")
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise report.refuse(
            "password",
            "the workbook is protected with a password; save an unprotected copy",
            file=name,
        ) from None
    except Exception as exc:  # calamine raises several types for unreadable files
        what = "legacy Excel (.xls) workbook" if kind == "xls" else "workbook"
        raise report.refuse(
            "unreadable",
            f"the {what} could not be read ({exc.__class__.__name__}: {exc}); "
            + CONVERT_HINT,
            file=name,
        ) from None
    xml = _XmlFacts(members) if kind == "xlsx" else None
    sheets = []
    cells = 0
    for meta in book.sheets_metadata:
        if str(meta.typ) != "SheetTypeEnum.WorkSheet":
            continue
        sheet = book.get_sheet_by_name(meta.name)
        grid = sheet.to_python()
        cells += sum(len(r) for r in grid)
        if cells > limits.max_cells:
            raise report.refuse(
                "limit_cells",
                f"the workbook has more than {limits.max_cells:,} cells",
                file=name,
                sheet=meta.name,
                expected=f"at most {limits.max_cells:,} cells",
                found=f"{cells:,} cells so far",
            )
        start = sheet.start or (0, 0)
        raw = RawSheet(
            file=name,
            name=meta.name,
            rows=[[None if v == "" else v for v in row] for row in grid],
            first_row=start[0] + 1,
            first_col=start[1],
            hidden=str(meta.visible) != "SheetVisibleEnum.Visible",
            merged=[(a[0] + 1, a[1], b[0] + 1, b[1]) for a, b in _merged(sheet)],
        )
        if xml is not None:
            xml.annotate(raw)
        sheets.append(raw)
        clock.check(f"reading sheet {meta.name}")
    return sheets


def _merged(sheet: calamine.CalamineSheet) -> list:
    try:
        return list(sheet.merged_cell_ranges or [])
    except Exception:  # older files without merge information
        return []


def _read_text(
    data: bytes, name: str, report: Report, encoding: str | None, delimiter: str | None
) -> RawSheet:
    text, used = decode_text(data, name, report, encoding)
    delimiter = delimiter or sniff_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    grid: list[list[object]] = [[c if c != "" else None for c in r] for r in rows]
    return RawSheet(
        file=name,
        name=None,
        rows=grid,
        text_source=True,
        delimiter=delimiter,
        encoding=used,
    )


# facts from the XML --------------------------------------------------------------

_ROW_HIDDEN = re.compile(rb"<row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_COL = re.compile(rb"<col\b[^>]*>")
_ATTR = re.compile(rb"\b(min|max|hidden)=\"([^\"]*)\"")
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_CELL_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>([^<]+)</v>")


class _XmlFacts:
    """Sheet paths, hidden rows/columns and uncached formulas from the raw XML."""

    def __init__(self, members: dict[str, bytes]) -> None:
        self.members = members
        self.paths: dict[str, str] = {}
        self.date1904 = False
        book = members.get("xl/workbook.xml")
        rels = members.get("xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            return
        targets = {
            r.get("Id"): r.get("Target", "")
            for r in SafeET.fromstring(rels).findall("rel:Relationship", _NS)
        }
        root = SafeET.fromstring(book)
        pr = root.find("m:workbookPr", _NS)
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        for sheet in root.iterfind("m:sheets/m:sheet", _NS):
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            self.paths[sheet.get("name", "")] = path

    def annotate(self, raw: RawSheet) -> None:
        raw.date1904 = self.date1904
        xml = self.members.get(self.paths.get(raw.name or "", ""), b"")
        if not xml:
            return
        for match in _ROW_HIDDEN.finditer(xml):
            number = _ROW_NUMBER.search(match.group(0))
            if number:
                raw.hidden_rows.add(int(number.group(1)))
        for match in _COL.finditer(xml):
            attrs = dict(_ATTR.findall(match.group(0)))
            if attrs.get(b"hidden") in (b"1", b"true"):
                low, high = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
                raw.hidden_cols.update(range(low - 1, min(high, 16384)))
        if b"<f" in xml:
            raw.formulas = _uncached_formulas(xml)


def _uncached_formulas(xml: bytes) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for match in _CELL.finditer(xml):
        body = match.group(2)
        if not body or b"<f" not in body or _VALUE.search(body):
            continue
        ref = _CELL_REF.search(match.group(1))
        formula = _FORMULA.search(body)
        if ref is None or formula is None:
            continue
        text = (formula.group(1) or b"").decode("utf-8", "replace")
        found[(int(ref.group(2)), _col_index(ref.group(1).decode()))] = _unescape(text)
    return found


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text
