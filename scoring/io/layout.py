"""Finding the table in a sheet: header rows, data rows, columns, and its role.

Rules (each is reported in the import's layout so the user can check it):

* Hidden rows and columns are left out, with a notice naming them.
* Merged cells give their value to every cell they cover.
* Title rows (one distinct value, e.g. a merged banner) and blank rows above the
  table are skipped.
* The first *data row* is the first row with at least two filled cells of which one,
  after the first, holds a number, a percentage, a date or a rating mark. The
  header is the nearest one or two text rows above it: with two, the lower row
  names the columns (the upper one filling gaps) and the upper row gives groups.
* Footnotes: after the last data row, rows with a single filled cell are dropped
  when a blank row separates them from the table or they start like a note
  (``Source``, ``Note``, ``*``, ``註``...).
* The role comes from the header: a criteria table has a criterion column and a
  weight, direction or label column; a long ratings table has vendor, criterion and
  value columns; anything else with data is a wide ratings table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scoring.io.cells import clean_name, is_blank, match_key, parse_number
from scoring.io.formula import FormulaError, evaluate_formula
from scoring.io.problems import Report, cell_name, column_letter
from scoring.io.workbook import RawSheet
from scoring.models import NOT_OFFERED_TOKENS, PARTNER_TOKENS

__all__ = ["FORMAT_MARK", "Table", "find_table", "report_formulas", "synonyms"]

#: First characters of the value of the ``format`` key in an exported About sheet.
FORMAT_MARK = "crm-selection-studio/"

_SYNONYMS: dict[str, str] = {
    "vendor": "vendor|vendors|vendor name|supplier|alternative|product|廠商|厂商|"
    "供應商|供应商|產品|ベンダー|業者",
    "criterion": "criterion|criteria|criterion name|準則|准则|評估準則|評估項目|基準|"
    "指標|评估准则",
    "id": "id|criterion id|代號|代码",
    "weight": "weight|weights|weighting|權重|权重|重み|比重",
    "direction": "direction|objective|方向|性質",
    "label_en": "label_en|label (en)|english label|英文名稱",
    "label_zh": "label_zh|label (zh)|chinese label|中文名稱",
    "description_en": "description_en|english description|英文說明",
    "description_zh": "description_zh|chinese description|中文說明",
    "pillar": "pillar|支柱",
    "parent": "parent|parent criterion|上層準則",
    "value": "value|rating|score|評分|分數|值|評価",
    "marks": "marks|mark|標記|b2b",
    "share": "weight share|share|normalised weight|normalized weight|權重占比|權重比例",
}
_KEYS = {
    role: {match_key(p) for p in text.split("|")} for role, text in _SYNONYMS.items()
}


def synonyms(role: str) -> set[str]:
    """Header keys that name the column ``role`` (``"vendor"``, ``"weight"``...)."""
    return _KEYS[role]


_FOOTNOTE_STARTS = ("source", "note", "*", "†", "‡", "¹", "註", "注", "資料來源")
_FOOTNOTE_STARTS += ("来源", "出典", "備註", "备注", "remark")


@dataclass
class Table:
    """A table found in a sheet: header names by column and its data rows.

    ``columns`` are absolute 0-based column indices, in sheet order; ``headers``
    and ``groups`` map them to names. ``rows`` holds ``(row number, cells)`` with
    ``cells[k]`` the value in ``columns[k]``.
    """

    file: str
    sheet: str | None
    role: str
    header_rows: list[int]
    columns: list[int]
    headers: dict[int, str]
    groups: dict[int, str] = field(default_factory=dict)
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    text_source: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    date1904: bool = False
    about: dict[str, object] = field(default_factory=dict)
    cell_names: dict[tuple[int, int], str] = field(default_factory=dict)
    evaluated: list[tuple[int, int]] = field(default_factory=list)
    failed: list[tuple[int, int, str, str]] = field(default_factory=list)

    def find(self, role: str) -> int | None:
        """Position in :attr:`columns` of the first column whose header is ``role``."""
        wanted = synonyms(role)
        for position, col in enumerate(self.columns):
            if match_key(self.headers.get(col, "")) in wanted:
                return position
        return None

    def where(self, row: int | None = None, col: int | None = None) -> dict:
        out: dict[str, object] = {"file": self.file, "sheet": self.sheet}
        if row is not None and col is not None:
            out["cell"] = cell_name(row, col)
        elif row is not None:
            out["line"] = row
        return out


def _data_like(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | dt.date | dt.time):
        return True
    if isinstance(value, str):
        folded = clean_name(value).casefold()
        if folded in NOT_OFFERED_TOKENS or folded in PARTNER_TOKENS:
            return True
        return parse_number(value) is not None or parse_number(value, ",") is not None
    return False


def _is_title(cells: list[object]) -> bool:
    filled = {clean_name(v) for v in cells if not is_blank(v)}
    return len(filled) == 1


def _data_row(cells: list[object]) -> bool:
    filled = [v for v in cells if not is_blank(v)]
    return len(filled) >= 2 and any(_data_like(v) for v in filled[1:])


def prepare(
    raw: RawSheet, report: Report
) -> tuple[list[tuple[int, list[object]]], list[int]]:
    """Visible rows with merged values spread, uncached formulas evaluated."""
    where = {"file": raw.file, "sheet": raw.name}
    grid: dict[int, list[object]] = {}
    width = raw.first_col + raw.width
    for offset, cells in enumerate(raw.rows):
        grid[raw.first_row + offset] = (
            [None] * raw.first_col
            + cells
            + [None] * (width - raw.first_col - len(cells))
        )
    for top, left, bottom, right in raw.merged:
        value = grid.get(top, [None] * width)[left] if left < width else None
        for row in range(top, bottom + 1):
            for col in range(left, min(right + 1, width)):
                if row in grid:
                    grid[row][col] = value
    _evaluate_formulas(raw, grid)
    if raw.hidden_rows & grid.keys():
        hidden = sorted(raw.hidden_rows & grid.keys())
        report.notice(
            "hidden_rows",
            f"{len(hidden)} hidden row(s) ignored: " + _ranges(hidden),
            **where,
        )
    if raw.hidden_cols:
        hidden = sorted(c for c in raw.hidden_cols if c < width)
        if hidden:
            report.notice(
                "hidden_columns",
                "hidden column(s) ignored: "
                + ", ".join(column_letter(c) for c in hidden),
                **where,
            )
    keep = [c for c in range(width) if c not in raw.hidden_cols]
    return [
        (row, [grid[row][c] for c in keep] if raw.hidden_cols else grid[row])
        for row in sorted(grid)
        if row not in raw.hidden_rows
    ], keep


def _ranges(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def _evaluate_formulas(raw: RawSheet, grid: dict[int, list[object]]) -> None:
    """Evaluate formulas that have no cached value; keep the failures on ``raw``."""
    if not raw.formulas:
        return
    done: dict[tuple[int, int], float] = {}
    failed: list[tuple[int, int, str, str]] = []

    def lookup(row: int, col: int, depth: int = 0) -> float | None:
        if (row, col) in done:
            return done[(row, col)]
        if (row, col) in raw.formulas:
            if depth > 50:
                raise FormulaError("formulas refer to each other in a circle")
            value = evaluate_formula(
                raw.formulas[(row, col)], lambda r, c: lookup(r, c, depth + 1)
            )
            done[(row, col)] = value
            return value
        cells = grid.get(row)
        value = cells[col] if cells is not None and col < len(cells) else None
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        raise FormulaError(f"cell {cell_name(row, col)} is not a number")

    for (row, col), formula in sorted(raw.formulas.items()):
        if row not in grid or col >= len(grid[row]):
            continue
        try:
            grid[row][col] = lookup(row, col)
        except FormulaError as exc:
            failed.append((row, col, formula, str(exc)))
            grid[row][col] = _Uncomputed(formula)
    raw.evaluated = sorted(done)
    raw.failed = failed


class _Uncomputed(str):
    """A formula cell that has no value; reads as text so nothing takes it for 0."""


def find_table(
    raw: RawSheet, report: Report, header_row: int | None = None
) -> Table | None:
    """The table of a sheet, or None when the sheet holds no data."""
    rows, keep = prepare(raw, report)
    about = _about(rows)
    base = {
        "file": raw.file,
        "sheet": raw.name,
        "text_source": raw.text_source,
        "delimiter": raw.delimiter,
        "encoding": raw.encoding,
        "date1904": raw.date1904,
    }
    if about:
        return Table(
            role="about", header_rows=[], columns=[], headers={}, about=about, **base
        )
    nonblank = [(n, cells) for n, cells in rows if any(not is_blank(v) for v in cells)]
    if not nonblank:
        return None

    # the header row(s)
    if header_row is not None:
        names_at = next((i for i, (n, _) in enumerate(nonblank) if n == header_row), -1)
        if names_at < 0:
            report.error(
                "header_row",
                f"row {header_row} is blank or outside the sheet",
                expected="the number of the row that names the columns",
                found=str(header_row),
                **{"file": raw.file, "sheet": raw.name},
            )
            return None
        block = [nonblank[names_at]]
        above = nonblank[names_at - 1] if names_at > 0 else None
        if above and above[0] == header_row - 1 and not _is_title(above[1]):
            block.insert(0, above)
        first_data = names_at + 1
    else:
        first_data = next((i for i, (_, c) in enumerate(nonblank) if _data_row(c)), -1)
        if first_data < 0:
            return None
        block = []
        for number, cells in reversed(nonblank[:first_data]):
            if _is_title(cells) and block:
                break
            if _is_title(cells):
                continue
            if block and number != block[0][0] - 1:
                break
            block.insert(0, (number, cells))
            if len(block) == 2:
                break
        if not block:
            report.error(
                "no_header",
                "no header row above the first data row",
                expected="a row naming the columns above the data",
                found=f"data from row {nonblank[first_data][0]}",
                file=raw.file,
                sheet=raw.name,
            )
            return None

    # names and groups per column
    names_row = block[-1][1]
    upper = block[0][1] if len(block) == 2 else None
    headers: dict[int, str] = {}
    groups: dict[int, str] = {}
    for k in range(len(names_row)):
        name = clean_name(names_row[k])
        group = clean_name(upper[k]) if upper is not None else ""
        headers[k] = name or group
        if group and group != headers[k]:
            groups[k] = group

    # data rows and footnotes
    data = [(n, c) for n, c in rows if n > block[-1][0]]
    data = _drop_footnotes(data, report, raw)
    if _pairwise(headers, data):
        return Table(
            role="pairwise",
            header_rows=[n for n, _ in block],
            columns=[],
            headers={},
            **base,
        )
    used = [
        k
        for k in range(len(names_row))
        if headers[k] or any(k < len(c) and not is_blank(c[k]) for _, c in data)
    ]
    for k in used:
        if not headers[k]:
            report.warning(
                "no_header_name",
                "a column with values has no header; it is ignored",
                cell=cell_name(block[-1][0], keep[k]),
                expected="a header naming the column",
                found="an empty header cell",
                file=raw.file,
                sheet=raw.name,
            )
    used = [k for k in used if headers[k]]
    table = Table(
        role="ratings",
        header_rows=[n for n, _ in block],
        columns=[keep[k] for k in used],
        headers={keep[k]: headers[k] for k in used},
        groups={keep[k]: groups[k] for k in used if k in groups},
        rows=[(n, [c[k] if k < len(c) else None for k in used]) for n, c in data],
        **base,
    )
    table.role = _role(table)
    if table.role == "criteria":
        _drop_derived(table)
    rows_in = {n for n, _ in table.rows} | set(table.header_rows)
    cols_in = set(table.columns)
    table.evaluated = [
        (r, c) for r, c in raw.evaluated if r in rows_in and c in cols_in
    ]
    table.failed = [f for f in raw.failed if f[0] in rows_in and f[1] in cols_in]
    return table


def _drop_derived(table: Table) -> None:
    """Leave out computed columns of a criteria table (the weight share)."""
    keep = [
        k
        for k, col in enumerate(table.columns)
        if match_key(table.headers[col]) not in synonyms("share")
    ]
    table.columns = [table.columns[k] for k in keep]
    table.rows = [(n, [cells[k] for k in keep]) for n, cells in table.rows]


def report_formulas(table: Table, report: Report) -> None:
    """Report the formulas of a table that were evaluated or could not be."""
    where = {"file": table.file, "sheet": table.sheet}
    if table.evaluated:
        report.notice(
            "formula_evaluated",
            f"{len(table.evaluated)} formula(s) saved without their result were "
            "evaluated",
            cells=[cell_name(r, c) for r, c in table.evaluated],
            **where,
        )
    for row, col, formula, reason in table.failed:
        report.error(
            "formula_uncached",
            "the cell holds a formula saved without its result, and the importer "
            f"cannot evaluate it ({reason}); open the file in Excel or LibreOffice, "
            "let it recalculate, and save it again",
            cell=cell_name(row, col),
            expected="a value, or a formula with its computed result saved",
            found="=" + formula,
            **where,
        )


def _drop_footnotes(
    data: list[tuple[int, list[object]]], report: Report, raw: RawSheet
) -> list[tuple[int, list[object]]]:
    last = next((i for i in range(len(data) - 1, -1, -1) if _data_row(data[i][1])), -1)
    kept = data[: last + 1]
    gap = False
    for number, cells in data[last + 1 :]:
        filled = [v for v in cells if not is_blank(v)]
        if not filled:
            gap = True
            continue
        text = clean_name(filled[0]).casefold()
        if len(filled) == 1 and (gap or text.startswith(_FOOTNOTE_STARTS)):
            report.notice(
                "footnote",
                "a note below the table is not a vendor and is ignored",
                line=number,
                found=clean_name(filled[0])[:80],
                file=raw.file,
                sheet=raw.name,
            )
            continue
        kept.append((number, cells))
    blank = [n for n, c in kept if all(is_blank(v) for v in c)]
    if blank:
        report.notice(
            "blank_rows",
            f"{len(blank)} blank row(s) inside the table skipped: " + _ranges(blank),
            file=raw.file,
            sheet=raw.name,
        )
    return [(n, c) for n, c in kept if any(not is_blank(v) for v in c)]


def _role(table: Table) -> str:
    has = {role: table.find(role) is not None for role in _SYNONYMS}
    if has["criterion"] and (
        has["weight"] or has["direction"] or has["label_en"] or has["label_zh"]
    ):
        return "criteria"
    if has["vendor"] and has["criterion"] and has["value"]:
        return "long"
    return "ratings"


def _pairwise(headers: dict[int, str], data: list[tuple[int, list[object]]]) -> bool:
    """A square matrix whose row labels repeat the column names (AHP comparisons)."""
    names = [match_key(headers[k]) for k in sorted(headers)]
    labels = [match_key(cells[0]) for _, cells in data]
    while names and names[-1] == "":
        names.pop()
    return (
        len(names) >= 3 and names[0] == "" and labels == names[1:] and len(labels) >= 2
    )


def _about(rows: list[tuple[int, list[object]]]) -> dict[str, object]:
    """Key-value pairs of an exported About sheet (label, value, key), or {}."""
    pairs: dict[str, object] = {}
    marked = False
    for _, cells in rows[:80]:
        if len(cells) < 3 or not isinstance(cells[2], str):
            continue
        key = cells[2].strip()
        pairs[key] = cells[1]
        if key == "format" and str(cells[1]).startswith(FORMAT_MARK):
            marked = True
    return pairs if marked else {}
