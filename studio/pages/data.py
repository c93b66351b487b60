"""Data: import a consultant's spreadsheet (report, mapping, preview), export work.

The import runs in the engine (:func:`scoring.io.import_files`); this page shows
its report, lets the user map unmatched columns and choose options, and commits
the evaluation as a data set only when the report has no error. Nothing is
half-imported: until the commit, the current data is untouched.
"""

from __future__ import annotations

from pathlib import PurePath

import pandas as pd
import streamlit as st

from scoring.builtin import load_areas, load_criteria
from scoring.errors import InputError
from scoring.io import AS_IGNORE, AS_METADATA, AS_NEW, ImportOptions, import_files
from scoring.io.export import export_csv, export_template, export_xlsx
from scoring.models import Scale
from studio import state, widgets
from studio.i18n import md, t

lang = state.lang()
MAX_LISTED = 30  # findings listed in full; all of them are in the table
UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv", "txt"]


@st.cache_data(show_spinner=False, max_entries=16)
def run_import(files: tuple[tuple[str, bytes], ...], options_key: tuple):
    """The import of ``files`` with the options of ``options_key`` (cached)."""
    sheet, header_row, mapping, scale, normalise = options_key
    options = ImportOptions(
        sheet=sheet,
        header_row=header_row,
        mapping=dict(mapping),
        scale=Scale(low=scale[0], high=scale[1]) if scale else None,
        normalise_weights=normalise,
    )
    return import_files(list(files), options)


@st.cache_data(show_spinner=False, max_entries=8)
def workbook(key: tuple, lang: str) -> bytes:
    metadata = state.dataset_metadata(key[0])
    return export_xlsx(state.evaluation_for(key), lang=lang, metadata=metadata)


@st.cache_data(show_spinner=False, max_entries=8)
def ranking_csv(key: tuple, lang: str) -> bytes:
    evaluation = state.evaluation_for(key)
    return export_csv(
        evaluation,
        lang=lang,
        metadata=state.dataset_metadata(key[0]),
        result=state.result_for(key),
    )


@st.cache_data(show_spinner=False, max_entries=4)
def template(lang: str) -> bytes:
    return export_template(lang=lang)


def report_table(problems) -> pd.DataFrame:
    """The import report as rows a person can scan: where, what, expected, found."""
    rows = []
    for p in problems:
        where = ", ".join(
            part
            for part in (
                p.file,
                p.sheet and f"{t('data.sheet', lang)} {p.sheet}",
                p.cell and f"{t('data.cell', lang)} {p.cell}",
                p.line and f"{t('data.line', lang)} {p.line}",
                p.field and f"{t('data.field', lang)} {p.field}",
            )
            if part
        )
        cells = ", ".join(p.cells) + (f" (+{p.more})" if p.more else "")
        rows.append(
            {
                t("data.severity", lang): t(f"data.severity_{p.severity}", lang),
                t("data.where", lang): where,
                t("data.message", lang): p.message,
                t("data.expected", lang): p.expected or "",
                t("data.found", lang): p.found or "",
                t("data.cells", lang): cells,
            }
        )
    return pd.DataFrame(rows)


def mapping_choices() -> list[str]:
    known = [a.id for a in load_areas()] + [c.id for c in load_criteria()]
    return [AS_NEW, AS_METADATA, AS_IGNORE, *dict.fromkeys(known)]


def choice_label(choice: str) -> str:
    special = {
        AS_NEW: t("data.map_new", lang),
        AS_METADATA: t("data.map_metadata", lang),
        AS_IGNORE: t("data.map_ignore", lang),
    }
    if choice in special:
        return special[choice]
    labels = {c.id: c.label(lang) for c in (*load_areas(), *load_criteria())}
    return f"{labels.get(choice, choice)} ({choice})"


def commit(files: tuple, options_key: tuple) -> None:
    """Keep the import of ``files`` as a data set (a button callback)."""
    ss = st.session_state
    name = ss.get("_imp_name", "").strip()
    result = run_import(files, options_key)
    if result.evaluation is None:
        return
    try:
        state.import_dataset(name, result.evaluation, result.metadata)
    except InputError as exc:
        ss["_imp_flash"] = (
            "error",
            t("data.commit_failed", lang, reason=md(exc.message)),
        )
    else:
        ss.import_mapping = {}
        ss["_imp_flash"] = ("success", t("data.committed", lang, name=md(name)))


st.title(t("data.title", lang))
flash = st.session_state.pop("_imp_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])
import_tab, export_tab = st.tabs(
    [t("data.import_tab", lang), t("data.export_tab", lang)]
)

# import -----------------------------------------------------------------------------
with import_tab:
    st.caption(t("data.import_help", lang))
    uploaded = st.file_uploader(
        t("data.upload", lang),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="_upload",
    )
    if not uploaded:
        st.info(t("data.nothing_yet", lang))
    else:
        files = tuple((f.name, f.getvalue()) for f in uploaded)
        ss = st.session_state
        mapping: dict[str, str] = ss.setdefault("import_mapping", {})

        with st.expander(t("data.options", lang)):
            header_row = st.number_input(
                t("data.header_row", lang),
                min_value=0,
                max_value=1000,
                step=1,
                key="_imp_header",
                help=t("data.header_row_help", lang),
            )
            declare = st.checkbox(t("data.declare_scale", lang), key="_imp_declare")
            low, high = 1.0, 10.0
            if declare:
                left, right = st.columns(2)
                low = left.number_input(
                    t("data.scale_low", lang), value=1.0, key="_imp_low"
                )
                high = right.number_input(
                    t("data.scale_high", lang), value=10.0, key="_imp_high"
                )
            normalise = st.checkbox(
                t("data.normalise_weights", lang), key="_imp_normalise"
            )
            sheet = ss.get("_imp_sheet")

        scale = (low, high) if declare and high > low else None
        if declare and high <= low:
            st.error(t("data.scale_order", lang))
        options_key = (
            sheet,
            int(header_row) or None,
            tuple(sorted(mapping.items())),
            scale,
            normalise,
        )
        with st.spinner(t("data.reading", lang)):
            result = run_import(files, options_key)

        # layout
        ratings_sheets = [s for s in result.layout.sheets if s.role == "ratings"]
        if len(result.evaluations) > 1 or len(ratings_sheets) > 1:
            names = [s.sheet for s in ratings_sheets if s.sheet]
            if names:
                st.selectbox(t("data.sheet_choice", lang), names, key="_imp_sheet")
        if result.layout.form:
            st.markdown(
                t(
                    "data.layout",
                    lang,
                    form=t(f"data.form_{result.layout.form}", lang),
                    sheet=md(result.layout.ratings_sheet or files[0][0]),
                    vendors=len(result.preview),
                )
            )

        # report
        errors, warnings, notices = result.errors, result.warnings, result.notices
        if errors:
            st.error(t("data.has_errors", lang, n=len(errors)))
        elif warnings:
            st.warning(t("data.has_warnings", lang, n=len(warnings)))
        else:
            st.success(t("data.clean", lang))
        if result.problems:
            table = report_table(result.problems)
            for row in table.head(MAX_LISTED).itertuples(index=False):
                severity, where, message, expected, found, cells = row
                details = "; ".join(
                    f"{label} {md(value)}"
                    for label, value in (
                        (t("data.expected", lang), expected),
                        (t("data.found", lang), found),
                        (t("data.cells", lang), cells),
                    )
                    if value
                )
                line = f"**{severity}** · {md(where)}: {md(message)}"
                st.markdown(f"- {line}" + (f" ({details})" if details else ""))
            if len(table) > MAX_LISTED:
                st.caption(t("data.more_findings", lang, n=len(table) - MAX_LISTED))
            with st.expander(t("data.as_table", lang)):
                st.dataframe(table, hide_index=True, width="stretch")

        # mapping step
        unmatched = result.unmatched
        if unmatched:
            st.subheader(t("data.mapping", lang))
            st.caption(t("data.mapping_help", lang))
            choices = mapping_choices()
            for column in unmatched:
                suggested = [s.id for s in column.suggestions]
                options = [*suggested, *[c for c in choices if c not in suggested]]
                key = f"_imp_map_{column.header}_{lang}"
                current = mapping.get(column.header)
                if key not in ss:
                    ss[key] = (
                        current
                        if current in options
                        else (AS_NEW if column.role == "criterion" else AS_METADATA)
                    )
                st.selectbox(
                    t(
                        "data.map_column",
                        lang,
                        header=column.header,
                        sample=", ".join(column.sample[:3]),
                    ),
                    options,
                    format_func=choice_label,
                    key=key,
                )
            if st.button(t("data.apply_mapping", lang), key="_import_apply_mapping"):
                ss.import_mapping = {
                    c.header: ss[f"_imp_map_{c.header}_{lang}"] for c in unmatched
                }
                st.rerun()

        # preview and commit
        if len(result.preview):
            st.subheader(t("data.preview", lang))
            st.dataframe(result.preview.head(500), hide_index=True, width="stretch")
            if len(result.preview) > 500:
                st.caption(t("data.preview_cut", lang, n=len(result.preview)))

        default_name = PurePath(files[0][0]).stem
        name = st.text_input(
            t("data.dataset_name", lang),
            value=default_name,
            max_chars=120,
            key="_imp_name",
        )
        st.button(
            t("data.commit", lang),
            type="primary",
            disabled=not result.ok or result.evaluation is None,
            key="_import_commit",
            on_click=state.guarded(commit),
            args=(files, options_key),
        )

    # imported data sets
    imported = [d for d in state.dataset_ids() if state.is_imported(d)]
    if imported:
        st.subheader(t("data.datasets", lang))
        chosen = st.selectbox(
            t("data.dataset_pick", lang),
            imported,
            format_func=lambda s: widgets.segment_label(s, lang),
            key=f"_imp_dataset_pick_{lang}",
        )
        st.button(
            t("data.delete", lang),
            key="_dataset_delete",
            on_click=state.guarded(state.remove_dataset),
            args=(chosen,),
        )

# export -----------------------------------------------------------------------------
with export_tab:
    st.caption(t("data.export_help", lang))
    key = state.cache_key()
    label = widgets.segment_label(state.segment(), lang)
    stem = "crm-evaluation"
    st.download_button(
        t("data.download_workbook", lang, segment=label),
        data=workbook(key, lang),
        file_name=f"{stem}-{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="_download_workbook",
        icon=":material/table_view:",
    )
    st.download_button(
        t("data.download_csv", lang),
        data=ranking_csv(key, lang),
        file_name=f"{stem}-{lang}.csv",
        mime="text/csv",
        key="_download_csv",
        icon=":material/description:",
    )
    st.download_button(
        t("data.download_template", lang),
        data=template(lang),
        file_name=f"crm-template-{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="_download_template",
        icon=":material/edit_document:",
    )
