"""Exporting an evaluation: a workbook that still computes, a template, a CSV.

The workbook's scores are live formulas that reproduce :func:`scoring.evaluate.
evaluate`: the scale, min–max, vector or no normalisation (cost criteria reversed),
the N/A and P scores, an N/A counted as a rating and the treatment of blank cells
(``zero`` included; all read from the About sheet, where they can be changed), the
weight shares, the weighted sum and the competition rank on totals rounded to nine
decimals. Changing a weight, a direction or a rating in Excel or LibreOffice
re-ranks the vendors.

Text never becomes a formula: every text cell is written as a string cell, and the
CSV export prefixes text that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage
return with an apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scoring.builtin import DATA_DIR, load_areas
from scoring.errors import InputError
from scoring.evaluate import Result
from scoring.io.layout import FORMAT_MARK
from scoring.io.texts import text
from scoring.models import Criterion, Evaluation, RatingKind, RatingMatrix, Weights

__all__ = ["FORMAT", "export_csv", "export_template", "export_xlsx", "neutralise"]

#: Value of the ``format`` key of the About sheet; the importer recognises it.
FORMAT = FORMAT_MARK + "1"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_ID_FONT = Font(italic=True, color="808080", size=9)
_NA_FILL = PatternFill("solid", fgColor="D9D9D9")
_P_FILL = PatternFill("solid", fgColor="DDEBF7")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NAMES = {
    "normalization": "normalization",
    "not_offered_score": "na_score",
    "not_offered_rating": "na_rating",
    "partner_score": "partner_score",
    "unknown": "unknown_policy",
    "scale_low": "scale_low",
    "scale_high": "scale_high",
}

# heatmap colours after the cividis map (light blue, grey, yellow): ordered by
# lightness and safe for the common colour-vision deficiencies, unlike red-green
SCALE_LOW, SCALE_MID, SCALE_HIGH = "9DB3D9", "EDEBE4", "F2D64B"


def neutralise(value: str) -> str:
    """Text made safe for a CSV opened by a spreadsheet: ``=1+1`` → ``'=1+1``.

    Text that is a plain number (``-15``, ``+3.5``) is left alone: a spreadsheet
    reads it as that number, which runs nothing.
    """
    if value.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _version() -> str:
    try:
        data = tomllib.loads((DATA_DIR.parent / "pyproject.toml").read_text("utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    """Write a value; text always as a string cell, never as a formula.

    openpyxl writes floats with 16 significant digits; a float that needs 17 is
    noted on the worksheet and written exactly by :func:`_exact_numbers`.
    """
    cell = ws.cell(row=row, column=col)
    if isinstance(value, float) and math.isfinite(value):
        exact = repr(value)
        if float(f"{value:.16g}") != value:
            ws.__dict__.setdefault("_exact", {})[cell.coordinate] = exact
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise InputError(
                "text with control characters cannot be written to a workbook",
                sheet=ws.title,
                cell=cell.coordinate,
                expected="text without control characters",
                found=value,
            )
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value


def _formula(ws: Worksheet, row: int, col: int, formula: str) -> None:
    ws.cell(row=row, column=col).value = formula


def _header(ws: Worksheet, row: int, values: Sequence[str]) -> None:
    for col, value in enumerate(values, start=1):
        _put(ws, row, col, value)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _width(texts: Sequence[object]) -> float:
    longest = 0
    for value in texts:
        shown = str(value or "")
        longest = max(longest, sum(2 if ord(ch) > 0x2E80 else 1 for ch in shown))
    return min(max(8, longest + 2), 48)


def _widths(ws: Worksheet, columns: Sequence[Sequence[object]]) -> None:
    for col, texts in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _width(texts)


# the workbook ----------------------------------------------------------------------


def export_xlsx(
    evaluation: Evaluation,
    *,
    lang: str = "en",
    metadata: pd.DataFrame | None = None,
    rows_for_new_vendors: int = 0,
    created: dt.date | None = None,
) -> bytes:
    """The evaluation as a styled workbook whose scores are live formulas.

    Parameters
    ----------
    evaluation
        What to export.
    lang
        ``"en"`` or ``"zh"``: sheet names, headers and criterion labels.
    metadata
        Extra columns by vendor (index = vendor names), written after the ratings
        and kept as text or numbers.
    rows_for_new_vendors
        Empty rows with validation and formulas below the vendors (the template).
    created
        The export date written in the About sheet (default: today).

    Returns
    -------
    bytes
        The .xlsx file.
    """
    text("title", lang)  # validates lang
    wb = Workbook()
    about = wb.active
    about.title = text("sheet_about", lang)
    criteria_ws = wb.create_sheet(text("sheet_criteria", lang))
    ratings_ws = wb.create_sheet(text("sheet_ratings", lang))
    n = len(evaluation.vendors) + rows_for_new_vendors
    m = len(evaluation.criteria)

    names = _about_sheet(wb, about, evaluation, lang, created)
    _criteria_sheet(criteria_ws, evaluation, lang)
    _ratings_sheet(ratings_ws, evaluation, lang, metadata, n)
    if m:
        norm_ws = wb.create_sheet(text("sheet_normalised", lang))
        scores_ws = wb.create_sheet(text("sheet_scores", lang))
        ranking_ws = wb.create_sheet(text("sheet_ranking", lang))
        equivalents_ws = wb.create_sheet(text("sheet_equivalents", lang))
        _equivalents_sheet(equivalents_ws, evaluation, lang, n, names)
        _normalised_sheet(norm_ws, evaluation, lang, n, names)
        _scores_sheet(scores_ws, evaluation, lang, n, names)
        _ranking_sheet(ranking_ws, lang, n)
    out = io.BytesIO()
    wb.save(out)
    return _exact_numbers(out.getvalue(), wb)


_NUMBER_CELL = re.compile(rb'(<c r="([A-Z]+[0-9]+)"[^>]*><v>)([^<]*)(</v>)')


def _exact_numbers(data: bytes, wb: Workbook) -> bytes:
    """Rewrite the numbers openpyxl shortened to 16 digits with all 17."""
    fixes = {
        f"xl/worksheets/sheet{k}.xml": ws.__dict__["_exact"]
        for k, ws in enumerate(wb.worksheets, start=1)
        if ws.__dict__.get("_exact")
    }
    if not fixes:
        return data
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            exact = fixes.get(item.filename)
            if exact:

                def swap(match: re.Match, exact: dict = exact) -> bytes:
                    value = exact.get(match.group(2).decode())
                    if value is None:
                        return match.group(0)
                    return match.group(1) + value.encode() + match.group(4)

                content = _NUMBER_CELL.sub(swap, content)
            target.writestr(item, content)
    return out.getvalue()


def _about_sheet(
    wb: Workbook,
    ws: Worksheet,
    evaluation: Evaluation,
    lang: str,
    created: dt.date | None,
) -> dict[str, str]:
    policies, scale = evaluation.policies, evaluation.scale
    _put(ws, 1, 1, text("title", lang))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _put(ws, 2, 1, text("how", lang))
    _header(ws, 4, [text("about_item", lang), text("about_value", lang), "key"])
    rows: list[tuple[str, object]] = [
        ("format", FORMAT),
        ("name", evaluation.name),
        ("source", evaluation.source),
        ("method", text("method_value", lang)),
        ("normalization", policies.normalization),
        ("not_offered_score", policies.not_offered_score),
        ("not_offered_rating", policies.not_offered_rating),
        ("partner_score", policies.partner_score),
        ("unknown", policies.unknown),
        ("scale_low", scale.low),
        ("scale_high", scale.high),
        ("created", (created or dt.date.today()).isoformat()),
        ("version", _version()),
        ("lang", lang),
        ("criteria_sheet", text("sheet_criteria", lang)),
        ("ratings_sheet", text("sheet_ratings", lang)),
        ("ratings_header_row", 2),
    ]
    names: dict[str, str] = {}
    sheet_ref = "'" + ws.title.replace("'", "''") + "'"
    for offset, (key, value) in enumerate(rows):
        row = 5 + offset
        _put(ws, row, 1, text(key, lang))
        _put(ws, row, 2, value)
        _put(ws, row, 3, key)
        ws.cell(row=row, column=3).font = _ID_FONT
        if key in _NAMES:
            name = _NAMES[key]
            wb.defined_names.add(DefinedName(name, attr_text=f"{sheet_ref}!$B${row}"))
            names[key] = name
            ws.cell(row=row, column=2).fill = PatternFill("solid", fgColor="FFF2CC")
    lists = {
        "normalization": '"scale,minmax,vector,none"',
        "unknown": '"flag,rescale,exclude,zero"',
    }
    for offset, (key, _) in enumerate(rows):
        if key in lists:
            validation = DataValidation(type="list", formula1=lists[key])
            validation.add(f"B{5 + offset}")
            ws.add_data_validation(validation)
    legend_at = 6 + len(rows)
    for offset, key in enumerate(("legend_na", "legend_p", "legend_blank")):
        _put(ws, legend_at + offset, 1, text(key, lang))
    _put(ws, legend_at + 3, 1, text("legend_star", lang))
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 20
    ws.freeze_panes = "A5"
    return names


_CRITERIA_FIELDS = ("criterion", "label_en", "label_zh", "direction", "weight")
_CRITERIA_FIELDS += ("share", "pillar", "parent", "description_en", "description_zh")


def _criteria_sheet(ws: Worksheet, evaluation: Evaluation, lang: str) -> None:
    _header(ws, 1, [text(f, lang) for f in _CRITERIA_FIELDS])
    m = len(evaluation.criteria)
    last = m + 1
    for i, criterion in enumerate(evaluation.criteria):
        row = i + 2
        values: list[object] = [
            criterion.id,
            criterion.label_en,
            criterion.label_zh,
            criterion.direction.value,
            evaluation.weights.values.get(criterion.id),
        ]
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
        _formula(ws, row, 6, f"=IF(SUM($E$2:$E${last})>0,E{row}/SUM($E$2:$E${last}),0)")
        ws.cell(row=row, column=6).number_format = "0.0%"
        for col, value in enumerate(
            (
                criterion.pillar or "",
                criterion.parent or "",
                criterion.description_en,
                criterion.description_zh,
            ),
            start=7,
        ):
            if value:
                _put(ws, row, col, value)
    if m:
        direction = DataValidation(type="list", formula1='"benefit,cost"')
        direction.add(f"D2:D{last}")
        weight = DataValidation(type="decimal", operator="greaterThanOrEqual")
        weight.formula1 = "0"
        weight.add(f"E2:E{last}")
        ws.add_data_validation(direction)
        ws.add_data_validation(weight)
    columns = [[text(f, lang)] for f in _CRITERIA_FIELDS]
    for c in evaluation.criteria:
        for k, value in enumerate(
            (c.id, c.label_en, c.label_zh, "benefit", "0.000", "00.0%", c.pillar)
        ):
            columns[k].append(value)
    _widths(ws, columns[:8])
    ws.column_dimensions["I"].width = ws.column_dimensions["J"].width = 40
    ws.freeze_panes = "B2"


def _ratings_sheet(
    ws: Worksheet,
    evaluation: Evaluation,
    lang: str,
    metadata: pd.DataFrame | None,
    n: int,
) -> None:
    ratings: RatingMatrix = evaluation.ratings
    m = len(evaluation.criteria)
    meta_columns = list(metadata.columns) if metadata is not None else []
    labels = [c.label(lang) for c in evaluation.criteria]
    _header(ws, 1, [text("vendor", lang), text("b2b", lang), *labels, *meta_columns])
    ids = ["vendor", "marks", *evaluation.criterion_ids, *map(str, meta_columns)]
    for col, value in enumerate(ids, start=1):
        _put(ws, 2, col, value)
        ws.cell(row=2, column=col).font = _ID_FONT
    for i, vendor in enumerate(evaluation.vendors):
        row = i + 3
        _put(ws, row, 1, vendor.name)
        if vendor.b2b:
            _put(ws, row, 2, "*")
        for j in range(m):
            kind = RatingKind(int(ratings.kinds[i, j]))
            if kind is RatingKind.VALUE:
                _put(ws, row, 3 + j, float(ratings.values[i, j]))
            elif kind is not RatingKind.UNKNOWN:
                _put(ws, row, 3 + j, "N/A" if kind is RatingKind.NOT_OFFERED else "P")
        if metadata is not None and vendor.name in metadata.index:
            for k, column in enumerate(meta_columns):
                _put(ws, row, 3 + m + k, _meta_value(metadata.at[vendor.name, column]))
    if m:
        _rating_rules(ws, evaluation, n, lang)
    columns = [[text("vendor", lang), *(v.name for v in evaluation.vendors)]]
    columns.append([text("b2b", lang)])
    columns += [[label, "N/A"] for label in labels]
    columns += [[str(c), "0000000000"] for c in meta_columns]
    _widths(ws, columns)
    ws.freeze_panes = "C3"


def _meta_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.date | int | float | str):
        return value
    return str(value)


def _rating_rules(ws: Worksheet, evaluation: Evaluation, n: int, lang: str) -> None:
    m = len(evaluation.criteria)
    area = f"C3:{get_column_letter(2 + m)}{n + 2}"
    scale = evaluation.scale
    values = evaluation.ratings.values[evaluation.ratings.kinds == RatingKind.VALUE]
    integral = bool(
        scale.low.is_integer()
        and scale.high.is_integer()
        and scale.high - scale.low <= 20
        and all(float(v).is_integer() for v in values)
        and evaluation.policies.normalization == "scale"
    )
    if integral:
        items = [f"{v:g}" for v in range(int(scale.low), int(scale.high) + 1)]
        validation = DataValidation(
            type="list", formula1='"' + ",".join([*items, "N/A", "P"]) + '"'
        )
    else:
        first = "C3"
        rule = (
            f'=OR(ISBLANK({first}),{first}="N/A",{first}="P",AND(ISNUMBER({first}),'
            f'OR(normalization<>"scale",AND({first}>=scale_low,{first}<=scale_high))))'
        )
        validation = DataValidation(type="custom", formula1=rule)
    validation.allow_blank = True
    validation.prompt = text("rating_prompt", lang)
    validation.showInputMessage = True
    validation.add(area)
    ws.add_data_validation(validation)
    if evaluation.policies.normalization == "scale":
        low = ("num", scale.low)
        high = ("num", scale.high)
    else:
        low, high = ("min", None), ("max", None)
    ws.conditional_formatting.add(
        area,
        ColorScaleRule(
            start_type=low[0],
            start_value=low[1],
            start_color=SCALE_LOW,
            mid_type="percentile",
            mid_value=50,
            mid_color=SCALE_MID,
            end_type=high[0],
            end_value=high[1],
            end_color=SCALE_HIGH,
        ),
    )
    ws.conditional_formatting.add(
        area, CellIsRule(operator="equal", formula=['"N/A"'], fill=_NA_FILL)
    )
    ws.conditional_formatting.add(
        area, CellIsRule(operator="equal", formula=['"P"'], fill=_P_FILL)
    )


def _quoted(ws_title: str) -> str:
    return "'" + ws_title.replace("'", "''") + "'"


def _equivalents_sheet(
    ws: Worksheet, evaluation: Evaluation, lang: str, n: int, names: dict[str, str]
) -> None:
    """Each cell as the rating that is normalised, as :func:`scoring.evaluate.
    rated_values` and :func:`scoring.evaluate.marks_as_ratings` build it.

    A number stays itself; ``N/A`` is the ``na_rating`` cell when it holds a number;
    a blank of a named vendor is 0 under the ``zero`` policy. Under the ``vector``
    and ``none`` normalisations the remaining ``N/A`` and ``P`` cells become the
    rating worth their policy score; under ``scale`` and ``minmax`` they stay empty
    here and receive their score on the normalised sheet.
    """
    wb = ws.parent
    ratings = _quoted(wb.worksheets[2].title)
    criteria = _quoted(wb.worksheets[1].title)
    labels = [c.label(lang) for c in evaluation.criteria]
    _header(ws, 1, [text("vendor", lang), "", *labels])
    low, high = names["scale_low"], names["scale_high"]
    method = names["normalization"]
    as_ratings = f'OR({method}="vector",{method}="none")'
    na_rating = names["not_offered_rating"]
    for i in range(n):
        row = i + 3
        _formula(ws, row, 1, f'=IF({ratings}!$A{row}="","",{ratings}!$A{row})')
        blank = f'IF(AND({names["unknown"]}="zero",{ratings}!$A{row}<>""),0,"")'
        for j in range(len(labels)):
            r = f"{ratings}!{get_column_letter(3 + j)}{row}"
            d = f"{criteria}!$D${j + 2}"

            def worth(score: str, d: str = d) -> str:
                return (
                    f'IF({as_ratings},IF({d}="cost",{high}-{score}*({high}-{low}),'
                    f'{low}+{score}*({high}-{low})),"")'
                )

            not_offered = (
                f"IF(ISNUMBER({na_rating}),{na_rating},"
                f"{worth(names['not_offered_score'])})"
            )
            _formula(
                ws,
                row,
                3 + j,
                f'=IF(ISNUMBER({r}),{r},IF({r}="N/A",{not_offered},'
                f'IF({r}="P",{worth(names["partner_score"])},'
                f'IF({r}="",{blank},""))))',
            )
    ws.freeze_panes = "C3"


def _normalised_sheet(
    ws: Worksheet, evaluation: Evaluation, lang: str, n: int, names: dict[str, str]
) -> None:
    wb = ws.parent
    ratings = _quoted(wb.worksheets[2].title)
    criteria = _quoted(wb.worksheets[1].title)
    equivalents = _quoted(wb.worksheets[6].title)
    m = len(evaluation.criteria)
    labels = [c.label(lang) for c in evaluation.criteria]
    _header(ws, 1, [text("vendor", lang), "", *labels])
    _put(ws, 2, 1, text("share", lang))
    ws.cell(row=2, column=1).font = Font(italic=True)
    last = n + 2
    method = names["normalization"]
    low, high = names["scale_low"], names["scale_high"]
    for j in range(m):
        _formula(ws, 2, 3 + j, f"={criteria}!$F${j + 2}")
        ws.cell(row=2, column=3 + j).number_format = "0.0%"
    for i in range(n):
        row = i + 3
        _formula(ws, row, 1, f'=IF({ratings}!$A{row}="","",{ratings}!$A{row})')
        for j in range(m):
            col = get_column_letter(3 + j)
            r = f"{ratings}!{col}{row}"
            # the rating that is normalised, and its column (text cells are skipped)
            e = f"{equivalents}!{col}{row}"
            rng = f"{equivalents}!{col}$3:{col}${last}"
            norm = f"SQRT(SUMSQ({rng}))"
            d = f"{criteria}!$D${j + 2}"
            scaled = f"({e}-{low})/({high}-{low})"
            by_scale = f'IF({d}="cost",1-{scaled},{scaled})'
            by_range = (
                f"IF(MAX({rng})-MIN({rng})>0,"
                f'IF({d}="cost",MAX({rng})-{e},{e}-MIN({rng}))/(MAX({rng})-MIN({rng})),'
                "0)"
            )
            by_vector = f'IF({norm}>0,IF({d}="cost",1-{e}/{norm},{e}/{norm}),0)'
            marks = (
                f'IF({r}="N/A",{names["not_offered_score"]},'
                f'IF({r}="P",{names["partner_score"]},""))'
            )
            formula = (
                f'=IF({e}="",{marks},IF({method}="scale",{by_scale},'
                f'IF({method}="minmax",{by_range},IF({method}="vector",{by_vector},'
                f'IF({d}="cost",-{e},{e})))))'
            )
            _formula(ws, row, 3 + j, formula)
            ws.cell(row=row, column=3 + j).number_format = "0.000"
    if m and n:
        ws.conditional_formatting.add(
            f"C3:{get_column_letter(2 + m)}{last}",
            ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color=SCALE_LOW,
                mid_type="num",
                mid_value=0.5,
                mid_color=SCALE_MID,
                end_type="num",
                end_value=1,
                end_color=SCALE_HIGH,
            ),
        )
    _widths(ws, [[text("vendor", lang), *(v.name for v in evaluation.vendors)], [""]])
    for j, label in enumerate(labels):
        ws.column_dimensions[get_column_letter(3 + j)].width = _width([label, "0.000"])
    ws.freeze_panes = "C3"


_SCORE_FIELDS = ("vendor", "coverage", "lower_bound", "total", "rounded", "rank")
_SCORE_FIELDS += ("status", "name_order", "sort_key")


def _scores_sheet(
    ws: Worksheet, evaluation: Evaluation, lang: str, n: int, names: dict[str, str]
) -> None:
    wb = ws.parent
    norm = _quoted(wb.worksheets[3].title)
    m = len(evaluation.criteria)
    _header(ws, 1, [text(f, lang) for f in _SCORE_FIELDS])
    last_col = get_column_letter(2 + m)
    weights = f"{norm}!$C$2:${last_col}$2"
    order = {
        name: k
        for k, name in enumerate(sorted(v.name for v in evaluation.vendors), start=1)
    }
    ratings = _quoted(wb.worksheets[2].title)
    policy = names["unknown"]
    last = n + 1
    for i in range(n):
        row, src = i + 2, i + 3
        scores = f"{norm}!$C{src}:${last_col}{src}"
        # coverage: the weight on cells with a rating or a mark (a blank scored 0
        # under the zero policy does not count)
        rated = f'({scores}<>"")*({ratings}!$C{src}:${last_col}{src}<>"")'
        _formula(ws, row, 1, f"={norm}!$A{src}")
        _formula(
            ws,
            row,
            2,
            f'=IF(A{row}="","",SUMPRODUCT({rated},{weights})/SUM({weights}))',
        )
        _formula(ws, row, 3, f'=IF(A{row}="","",SUMPRODUCT({scores},{weights}))')
        unknown = f'SUMPRODUCT(({scores}="")*({weights}>0))'
        insufficient = f'OR(B{row}<=0,AND({policy}="exclude",{unknown}>0))'
        _formula(
            ws,
            row,
            4,
            f'=IF(A{row}="","",IF({insufficient},"",'
            f'IF({policy}="rescale",C{row}*(1/B{row}),C{row})))',
        )
        _formula(ws, row, 5, f'=IF(D{row}="","",ROUND(D{row},9))')
        _formula(ws, row, 6, f'=IF(E{row}="","",RANK(E{row},$E$2:$E${last},0))')
        _formula(
            ws,
            row,
            7,
            f'=IF(A{row}="","",IF(D{row}="","{text("insufficient", lang)}",'
            f'"{text("ranked", lang)}"))',
        )
        vendor = evaluation.vendors[i].name if i < len(evaluation.vendors) else None
        _put(ws, row, 8, order.get(vendor, len(order) + i + 1) if vendor else i + 1)
        _formula(ws, row, 9, f'=IF(F{row}="","",F{row}+H{row}/{n + 1})')
        for col, fmt in ((2, "0%"), (3, "0.0000"), (4, "0.0000")):
            ws.cell(row=row, column=col).number_format = fmt
    _widths(ws, [[text(f, lang), "0.000000"] for f in _SCORE_FIELDS])
    ws.column_dimensions["A"].width = _width(
        [text("vendor", lang), *(v.name for v in evaluation.vendors)]
    )
    ws.freeze_panes = "B2"


def _ranking_sheet(ws: Worksheet, lang: str, n: int) -> None:
    scores = _quoted(ws.parent.worksheets[4].title)
    _header(
        ws,
        1,
        [text(k, lang) for k in ("position", "vendor", "total", "rank", "row")],
    )
    last = n + 1
    keys = f"{scores}!$I$2:$I${last}"
    for k in range(1, n + 1):
        row = k + 1
        _put(ws, row, 1, k)
        _formula(
            ws,
            row,
            5,
            f'=IF(COUNT({keys})<A{row},"",MATCH(SMALL({keys},A{row}),{keys},0))',
        )
        for col, source in ((2, "A"), (3, "D"), (4, "F")):
            _formula(
                ws,
                row,
                col,
                f'=IF($E{row}="","",INDEX({scores}!${source}$2:${source}${last},'
                f"$E{row}))",
            )
        ws.cell(row=row, column=3).number_format = "0.0000"
    _widths(ws, [[text("position", lang)], ["x" * 24], ["0.00000"], ["00"], ["00"]])
    ws.freeze_panes = "A2"


# template and CSV --------------------------------------------------------------


def export_template(
    lang: str = "en",
    criteria: Sequence[Criterion] | None = None,
    vendors: int = 30,
) -> bytes:
    """A blank workbook to fill in: the criteria, equal weights, empty ratings.

    The scale is the built-in 1–10 (declared in the About sheet, so the importer
    checks ratings against it) and the ratings have drop-down validation.
    """
    chosen = list(criteria) if criteria is not None else list(load_areas())
    ids = [c.id for c in chosen]
    blank = Evaluation(
        name=text("title", lang),
        criteria=chosen,
        vendors=[],
        ratings=RatingMatrix.from_cells([], ids, []),
        weights=Weights.equal(ids),
    )
    return export_xlsx(blank, lang=lang, rows_for_new_vendors=vendors)


def export_csv(
    evaluation: Evaluation,
    *,
    lang: str = "en",
    metadata: pd.DataFrame | None = None,
    result: Result | None = None,
) -> bytes:
    """The ratings (and, given ``result``, totals and ranks) as UTF-8 CSV with BOM.

    Criterion columns are headed by their label in ``lang``; ratings are written as
    marks (``7``, ``N/A``, ``P``, blank); metadata after the vendor name. Text that
    a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    m = len(evaluation.criteria)
    meta_columns = list(metadata.columns) if metadata is not None else []
    header = [text("vendor", lang), text("b2b", lang), *map(str, meta_columns)]
    header += [c.label(lang) for c in evaluation.criteria]
    if result is not None:
        header += [text("total", lang), text("rank", lang)]
    marks = evaluation.ratings.marks()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for i, vendor in enumerate(evaluation.vendors):
        row: list[str] = [neutralise(vendor.name), "*" if vendor.b2b else ""]
        for column in meta_columns:
            value = metadata.at[vendor.name, column] if metadata is not None else None
            row.append(_csv_value(value))
        row += [marks[i][j] if m else "" for j in range(m)]
        if result is not None:
            total = result.scores.at[vendor.name, "total"]
            rank = int(result.scores.at[vendor.name, "rank"])
            row += ["" if pd.isna(total) else repr(float(total)), str(rank or "")]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:g}" if float(value).is_integer() else repr(float(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def write_export(path: str | Path, data: bytes) -> None:
    """Write exported bytes to ``path`` (a helper for the command line)."""
    Path(path).write_bytes(data)
