"""The Import / export page: report, mapping, commit, and downloads."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from apptest_helpers import PAGES

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def case_file(case: str, name: str) -> tuple[str, bytes, str]:
    return (name, (CASES / case / name).read_bytes(), "text/csv")


def open_data_page(app, lang="en"):
    app.segmented_control(key="_w_lang").set_value(lang).run()
    app.switch_page(PAGES["data"]).run()
    assert not app.exception
    return app


def upload(app, *files):
    app.get("file_uploader")[0].set_value(list(files)).run()
    assert not app.exception
    return app


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_renders_in_both_languages(app, lang):
    open_data_page(app, lang)
    assert len(app.get("download_button")) == 3


def test_a_clean_pair_of_files_is_imported_and_ranked(app):
    open_data_page(app)
    upload(
        app,
        case_file("00-baseline-reference", "scores.csv"),
        case_file("00-baseline-reference", "weights.csv"),
    )
    assert any("reads cleanly" in s.value for s in app.success)
    assert not app.button(key="_import_commit").disabled
    app.text_input(key="_imp_name").input("Baseline 基準").run()
    app.button(key="_import_commit").click().run()
    assert not app.exception
    assert any("Imported as “Baseline 基準”" in s.value for s in app.success)

    # the case's WSM with min-max: B 0.5500, A 0.5159, C 0.4500
    app.switch_page(PAGES["ranking"]).run()
    headline = app.success[0].value
    assert "Vendor B" in headline and "55.0 of 100" in headline
    assert "ahead of Vendor A" in headline
    assert app.slider[0].label == "Price · 35.0%"


def test_an_import_survives_a_reload_and_can_be_deleted(app):
    from apptest_helpers import fresh_app

    open_data_page(app)
    upload(
        app,
        case_file("00-baseline-reference", "scores.csv"),
        case_file("00-baseline-reference", "weights.csv"),
    )
    app.button(key="_import_commit").click().run()
    reloaded = fresh_app().run()
    assert "Vendor B" in reloaded.success[0].value
    reloaded.switch_page(PAGES["data"]).run()
    reloaded.button(key="_dataset_delete").click().run()
    assert not reloaded.exception
    reloaded.switch_page(PAGES["ranking"]).run()
    assert "Siebel" in reloaded.success[0].value


def test_a_file_with_errors_is_reported_and_cannot_be_committed(app):
    open_data_page(app)
    upload(app, ("fake.xlsx", b"<html><table><tr><td>x</td></tr></table>", "x"))
    assert app.error, "the report must say there are errors"
    report = app.dataframe[0].value
    assert "fake.xlsx" in " ".join(report.iloc[:, 1])
    assert app.button(key="_import_commit").disabled


def test_negative_weights_name_the_cell(app):
    open_data_page(app)
    upload(
        app,
        case_file("00-baseline-reference", "scores.csv"),
        ("weights.csv", b"Criterion,Weight,Direction\nPrice,-10%,cost\n", "text/csv"),
    )
    report = app.dataframe[0].value
    text = " ".join(report.astype(str).to_numpy().ravel())
    assert "weights.csv" in text and "Price" in text
    assert app.button(key="_import_commit").disabled


def test_unmatched_columns_go_to_the_mapping_step(app):
    open_data_page(app)
    csv = b"Vendor,Opportunity managment,Colour\nA,3,red\nB,5,blue\n"
    upload(app, ("mine.csv", csv, "text/csv"))
    boxes = {b.key: b for b in app.selectbox if b.key.startswith("_imp_map_")}
    key = "_imp_map_Opportunity managment_en"
    assert key in boxes
    # the closest known criterion is offered first
    assert boxes[key].options[0].endswith("(opportunity_mgmt)")
    boxes[key].select("opportunity_mgmt").run()
    app.button(key="_import_apply_mapping").click().run()
    assert not app.exception
    preview = app.dataframe[-1].value
    assert "Opportunity managment" in preview.columns


def test_the_app_checks_the_upload_size_itself(app):
    open_data_page(app)
    huge = b"Vendor,Price\n" + b"A,1\n" * 8_000_000  # 32 MB, above the 30 MB limit
    upload(app, ("huge.csv", huge, "text/csv"))
    report = app.dataframe[0].value
    assert any("limit" in m or "MB" in m for m in report.iloc[:, 2])
    assert app.button(key="_import_commit").disabled


def test_exported_workbook_has_live_formulas():
    from scoring.builtin import load_market
    from scoring.io.export import export_xlsx

    book = openpyxl.load_workbook(io.BytesIO(export_xlsx(load_market("large"))))
    formulas = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert any("RANK" in f.upper() for f in formulas)
