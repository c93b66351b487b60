"""Nasty inputs made here: encodings, locales, fake and broken files, bombs, hidden
content, formulas without results, limits, layouts and mapping."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from scoring.io import AS_METADATA, ImportOptions, Limits, import_file, import_files
from scoring.models import RatingKind, Scale

CHINESE = "廠商,價格,整合能力,客服支援\r\n甲公司,120,4,3.5\r\n乙公司,95,3,4\r\n"
WEIGHTS = "Criterion,Weight,Direction\r\n價格,0.5,cost\r\n整合能力,0.3,benefit\r\n"
WEIGHTS += "客服支援,0.2,benefit\r\n"


def _xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _codes(result, severity=None) -> list[str]:
    return [p.code for p in result.problems if severity in (None, p.severity)]


# encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "encode"),
    [
        ("big5", lambda t: t.encode("big5")),
        ("cp950", lambda t: t.encode("cp950")),
        ("utf-8", lambda t: t.encode("utf-8")),
        ("utf-8 with BOM", lambda t: t.encode("utf-8-sig")),
        ("utf-16 with BOM", lambda t: t.encode("utf-16")),
        ("utf-16-le, no BOM", lambda t: t.encode("utf-16-le")),
    ],
)
def test_chinese_labels_are_never_garbled(label, encode):
    result = import_files(
        [("scores.csv", encode(CHINESE)), ("weights.csv", WEIGHTS.encode("utf-8"))]
    )
    assert result.ok, [str(p) for p in result.errors]
    assert [v.name for v in result.evaluation.vendors] == ["甲公司", "乙公司"]
    assert result.evaluation.criterion_ids == ["價格", "整合能力", "客服支援"]
    assert result.evaluation.ratings.values[0, 2] == 3.5


def test_cp1252_accents_are_read_as_cp1252():
    text = "Vendor,Price (k€/yr),Notes\r\nCafé Ltd,120,déjà vu\r\nMüller,95,naïve\r\n"
    result = import_file(text.encode("cp1252"), "scores.csv")
    assert result.ok
    assert result.layout.encodings["scores.csv"] == "cp1252"
    assert [v.name for v in result.evaluation.vendors] == ["Café Ltd", "Müller"]
    assert result.evaluation.criterion_ids == ["Price (k€/yr)"]
    assert list(result.metadata["Notes"]) == ["déjà vu", "naïve"]


# locales ----------------------------------------------------------------------------


def test_semicolons_decimal_commas_and_thousands_separators():
    text = "Vendor;Price;Support;Share\nA;1.234,5;3,5;35 %\nB;999,0;4;20%\n"
    text += "C;2.000;4,5;45%\n"
    result = import_file(text.encode("utf-8"), "scores.csv")
    assert result.ok, [str(p) for p in result.errors]
    assert result.layout.delimiters["scores.csv"] == ";"
    assert result.layout.decimal == ","
    np.testing.assert_allclose(
        result.evaluation.ratings.values,
        [[1234.5, 3.5, 0.35], [999.0, 4.0, 0.20], [2000.0, 4.5, 0.45]],
    )


def test_tab_separated_full_width_digits_and_percent():
    text = "Vendor\tA\tB\nＸ\t１２０\t３５％\nＹ\t９５\t４０ ％\n"
    result = import_file(text.encode("utf-8"), "scores.txt")
    np.testing.assert_allclose(
        result.evaluation.ratings.values, [[120, 0.35], [95, 0.4]]
    )
    assert [v.name for v in result.evaluation.vendors] == ["Ｘ", "Ｙ"]


# fake and broken files ----------------------------------------------------------------


def test_a_csv_named_xlsx_is_read_as_csv_with_a_notice():
    result = import_file(b"Vendor,Price\nA,1\nB,2\n", "scores.xlsx")
    assert result.ok
    assert result.layout.file_types == {"scores.xlsx": "text"}
    assert "type_mismatch" in _codes(result, "notice")


def test_html_named_xlsx_is_refused_naming_the_file():
    html = b"<html><body><table><tr><td>Vendor</td></tr></table></body></html>"
    result = import_file(html, "export.xlsx")
    [error] = result.errors
    assert error.code == "html_file" and error.file == "export.xlsx"
    assert "save it as .xlsx" in error.message


def test_truncated_workbook_is_refused_naming_the_file():
    data = _xlsx(lambda wb: wb.active.append(["Vendor", "Price"]))
    result = import_file(data[: len(data) // 2], "cut.xlsx")
    [error] = result.errors
    assert error.code == "damaged_zip" and error.file == "cut.xlsx"


def test_pdf_is_not_a_spreadsheet():
    result = import_file(b"%PDF-1.7 ...", "scores.xlsx")
    assert [p.code for p in result.errors] == ["not_spreadsheet"]


def test_legacy_xls_is_read_when_calamine_can(tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) is not installed: cannot make an .xls")
    source = tmp_path / "legacy.xlsx"
    source.write_bytes(
        _xlsx(lambda wb: [wb.active.append(r) for r in (["Vendor", "X"], ["A", 3])])
    )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = import_file((tmp_path / "legacy.xls").read_bytes(), "legacy.xls")
    assert result.layout.file_types == {"legacy.xls": "xls"}
    assert result.ok and result.evaluation.ratings.values.tolist() == [[3.0]]


# safety -------------------------------------------------------------------------------


def _bomb(member: str, payload: bytes) -> bytes:
    good = _xlsx(lambda wb: wb.active.append(["Vendor", "X"]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = payload if item.filename == member else src.read(item)
            dst.writestr(item.filename, data)
    return out.getvalue()


def test_zip_bomb_is_refused_naming_the_limit():
    bomb = _bomb("xl/worksheets/sheet1.xml", b"<a>" + b" " * 30_000_000 + b"</a>")
    result = import_file(bomb, "bomb.xlsx")
    [error] = result.errors
    assert error.code == "limit_ratio" and "zip bomb" in error.message


def test_uncompressed_size_limit():
    data = _xlsx(lambda wb: wb.active.append(["Vendor", "X"]))
    result = import_file(
        data, "a.xlsx", ImportOptions(limits=Limits(max_uncompressed=1000))
    )
    assert [p.code for p in result.errors] == ["limit_uncompressed"]


def test_billion_laughs_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol2;</t></si></sst>"
    )
    data = _bomb("docProps/core.xml", laughs)
    result = import_file(data, "laughs.xlsx")
    assert [p.code for p in result.errors] == ["xml_doctype"]


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_size_and_cell_limits_name_the_limit():
    data = b"Vendor,X\nA,1\nB,2\n"
    too_big = import_file(data, "a.csv", ImportOptions(limits=Limits(max_bytes=10)))
    assert [p.code for p in too_big.errors] == ["limit_size"]
    assert "10" in too_big.errors[0].expected

    book = _xlsx(lambda wb: [wb.active.append([f"v{i}", i]) for i in range(50)])
    cells = import_file(book, "a.xlsx", ImportOptions(limits=Limits(max_cells=20)))
    assert [p.code for p in cells.errors] == ["limit_cells"]


def test_time_limit_names_the_limit():
    data = _xlsx(lambda wb: wb.active.append(["Vendor", "X"]))
    result = import_file(data, "a.xlsx", ImportOptions(limits=Limits(max_seconds=0)))
    [error] = result.errors
    assert error.code == "limit_time" and "time limit" in error.message


# hidden content and formulas ---------------------------------------------------


def _hidden_book(wb: openpyxl.Workbook) -> None:
    ws = wb.active
    ws.title = "Scores"
    for row in (["Vendor", "X", "Secret", "Y"], ["A", 1, 9, 2], ["B", 3, 9, 4]):
        ws.append(row)
    ws.append(["Hidden vendor", 5, 9, 6])
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["C"].hidden = True
    other = wb.create_sheet("Old")
    other.append(["Vendor", "X"])
    other.append(["Z", 1])
    other.sheet_state = "hidden"


def test_hidden_sheets_rows_and_columns_are_ignored_with_notices():
    result = import_file(_xlsx(_hidden_book), "h.xlsx")
    assert result.ok
    assert [v.name for v in result.evaluation.vendors] == ["A", "B"]
    assert result.evaluation.criterion_ids == ["X", "Y"]
    notices = _codes(result, "notice")
    assert {"hidden_rows", "hidden_columns", "hidden_sheet"} <= set(notices)


def _formula_book(formula: str):
    def build(wb: openpyxl.Workbook) -> None:
        ws = wb.active
        ws.append(["Vendor", "X", "Y"])
        ws.append(["A", 2, 3])
        ws.append(["B", 4, formula])

    return build


def test_simple_formulas_without_cached_values_are_evaluated():
    result = import_file(_xlsx(_formula_book("=SUM(B2:C2)*B3/2")), "f.xlsx")
    assert result.ok
    assert result.evaluation.ratings.values[1, 1] == 10.0
    [notice] = [p for p in result.problems if p.code == "formula_evaluated"]
    assert notice.cells == ("C3",)


def test_other_formulas_without_cached_values_are_rejected_naming_the_cell():
    result = import_file(_xlsx(_formula_book('=VLOOKUP("A",B2:C3,2)')), "f.xlsx")
    [error] = result.errors
    assert error.code == "formula_uncached" and error.cell == "C3"
    assert error.found.startswith("=VLOOKUP")
    assert result.evaluation is None


# values, scale, layout ---------------------------------------------------------------


def test_bad_and_out_of_scale_ratings_are_named_by_cell():
    text = "Vendor,X,Y\nA,7,abc\nB,11,5\nC,-1,P\n"
    result = import_file(text.encode(), "s.csv", ImportOptions(scale=Scale()))
    by_code = {p.code: p for p in result.errors}
    assert by_code["bad_rating"].cells == ("C2",)
    assert by_code["bad_rating"].found == "abc"
    assert by_code["out_of_scale"].cells == ("B3", "B4")
    assert result.evaluation is None


def test_declared_scale_is_scored_on_the_scale():
    text = "Vendor,X\nA,7\nB,N/A\nC,\n"
    result = import_file(text.encode(), "s.csv", ImportOptions(scale=Scale()))
    assert result.evaluation.policies.normalization == "scale"
    assert list(result.evaluation.ratings.kinds[:, 0]) == [
        RatingKind.VALUE,
        RatingKind.NOT_OFFERED,
        RatingKind.UNKNOWN,
    ]


def test_long_layout_is_pivoted_and_cells_named_in_the_source():
    text = "Vendor,Criterion,Value\nA,X,3\nA,Y,oops\nB,X,4\nB,Y,N/A\n"
    result = import_file(text.encode(), "long.csv")
    assert result.layout.form == "long"
    [error] = result.errors
    assert error.code == "bad_rating" and error.cells == ("C3",)
    fixed = import_file(text.replace("oops", "5").encode(), "long.csv")
    assert fixed.evaluation.ratings.marks() == [["3", "5"], ["4", "N/A"]]


def test_duplicate_vendor_is_an_error_naming_both_cells():
    result = import_file(b"Vendor,X\nA,1\nA,2\n", "s.csv")
    [error] = result.errors
    assert error.code == "duplicate_vendor" and error.cells == ("A2", "A3")


def test_known_criteria_match_by_chinese_label_and_unmatched_get_suggestions():
    text = "廠商,機會管理系統,Campaign managment,Region\nA,5,3,EMEA\nB,6,N/A,APAC\n"
    result = import_file(text.encode(), "m.csv")
    assert result.evaluation.criterion_ids == ["opportunity_mgmt", "Campaign managment"]
    unmatched = {c.header: c for c in result.unmatched}
    assert set(unmatched) == {"Campaign managment", "Region"}
    assert "campaign_mgmt" in [
        s.id for s in unmatched["Campaign managment"].suggestions
    ]

    mapped = import_file(
        text.encode(),
        "m.csv",
        ImportOptions(mapping={"Campaign managment": "campaign_mgmt"}),
    )
    assert mapped.evaluation.criterion_ids == ["opportunity_mgmt", "campaign_mgmt"]
    as_meta = import_file(
        text.encode(),
        "m.csv",
        ImportOptions(mapping={"Campaign managment": AS_METADATA}),
    )
    assert as_meta.evaluation.criterion_ids == ["opportunity_mgmt"]
    assert list(as_meta.metadata.columns) == ["Campaign managment", "Region"]


def test_metadata_na_stays_text_and_star_marks_b2b():
    result = import_file(b"Vendor,Region,X\nAcme *,NA,3\nBeta,-,4\n", "s.csv")
    assert [(v.name, v.b2b) for v in result.evaluation.vendors] == [
        ("Acme", True),
        ("Beta", False),
    ]
    assert list(result.metadata["Region"]) == ["NA", "-"]


def test_several_sheets_are_segments_with_one_weights_sheet():
    def build(wb: openpyxl.Workbook) -> None:
        large = wb.active
        large.title = "large"
        for row in (["Vendor", "X", "Y"], ["A", 1, 2], ["B", 2, 1]):
            large.append(row)
        mid = wb.create_sheet("mid")
        for row in (["Vendor", "X", "Y"], ["C", 3, 4], ["D", 4, 4]):
            mid.append(row)
        weights = wb.create_sheet("Weights")
        for row in (["Criterion", "Weight", "Direction"], ["X", 3, "cost"]):
            weights.append(row)
        weights.append(["Y", 1, "benefit"])

    result = import_file(_xlsx(build), "seg.xlsx", ImportOptions(sheet="mid"))
    assert set(result.evaluations) == {"large", "mid"}
    assert [v.name for v in result.evaluation.vendors] == ["C", "D"]
    assert result.evaluation.weights.values == {"X": 3.0, "Y": 1.0}
    assert result.evaluation.criteria[0].direction.value == "cost"


def test_nothing_is_half_imported(tmp_path: Path):
    result = import_file(b"Vendor,X,Y\nA,1,2\nB,zz,1\n", "s.csv")
    assert result.evaluation is None and result.evaluations == {}
    assert list(result.preview["vendor"]) == ["A", "B"]


@pytest.mark.parametrize(
    ("name", "kept", "b2b"),
    [
        ("Pivotal*", "Pivotal", True),
        ("Pivotal *", "Pivotal", True),
        ("**bold**", "**bold**", False),
    ],
)
def test_one_trailing_star_is_the_b2b_mark_more_are_part_of_the_name(name, kept, b2b):
    data = f"Vendor,Price\n{name},3\nOther,4\n".encode()
    result = import_file(data, "stars.csv")
    assert result.ok
    vendor = result.evaluation.vendors[0]
    assert (vendor.name, vendor.b2b) == (kept, b2b)
