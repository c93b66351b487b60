"""Spreadsheets in and out: importing consultants' files, exporting live workbooks.

Nothing here imports streamlit. The app's import page calls :func:`import_file` or
:func:`import_files` and shows the :class:`ImportResult`; the export functions
return bytes for a download button.
"""

from scoring.io.importer import (
    ImportOptions,
    ImportResult,
    Layout,
    SheetLayout,
    evaluation_to_dict,
    import_file,
    import_files,
    import_path,
)
from scoring.io.matrix import AS_IGNORE, AS_METADATA, AS_NEW, ColumnInfo, Suggestion
from scoring.io.problems import Problem
from scoring.io.sniff import Limits

__all__ = [
    "AS_IGNORE",
    "AS_METADATA",
    "AS_NEW",
    "ColumnInfo",
    "ImportOptions",
    "ImportResult",
    "Layout",
    "Limits",
    "Problem",
    "SheetLayout",
    "Suggestion",
    "evaluation_to_dict",
    "import_file",
    "import_files",
    "import_path",
]
