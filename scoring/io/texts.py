"""Words of the exported workbooks in both languages (``"en"`` and ``"zh"``)."""

from __future__ import annotations

from scoring.errors import InputError

__all__ = ["LANGS", "text"]

LANGS = ("en", "zh")

_TEXTS: dict[str, tuple[str, str]] = {
    # sheet names
    "sheet_about": ("About", "說明"),
    "sheet_criteria": ("Criteria & weights", "準則與權重"),
    "sheet_ratings": ("Ratings", "評分"),
    "sheet_normalised": ("Normalised", "標準化分數"),
    "sheet_scores": ("Scores", "分數"),
    "sheet_ranking": ("Ranking", "排名"),
    "sheet_equivalents": ("Rating equivalents", "評分換算"),
    # about sheet
    "about_item": ("Item", "項目"),
    "about_value": ("Value", "內容"),
    "about_key": ("key", "key"),
    "title": ("CRM vendor evaluation", "CRM 廠商評估"),
    "format": ("File format", "檔案格式"),
    "name": ("Evaluation", "評估名稱"),
    "source": ("Source of the ratings", "評分來源"),
    "method": ("Method", "方法"),
    "method_value": (
        "Weighted sum (WSM): total = Σ weight share × normalised score",
        "加權總分法（WSM）：總分 = Σ 權重占比 × 標準化分數",
    ),
    "normalization": (
        "Normalisation (scale or minmax)",
        "標準化方式（scale 或 minmax）",
    ),
    "not_offered_score": ("Score of N/A (0–1)", "N/A 的分數（0–1）"),
    "not_offered_rating": (
        "N/A counts as this rating (blank: N/A gets its score above)",
        "N/A 視為此評分（空白：N/A 取上列分數）",
    ),
    "partner_score": ("Score of P (0–1)", "P 的分數（0–1）"),
    "unknown": (
        "Blank cells (flag, rescale, exclude or zero)",
        "空白（flag、rescale、exclude 或 zero）",
    ),
    "scale_low": ("Scale: lowest rating", "評分尺度：最低分"),
    "scale_high": ("Scale: highest rating", "評分尺度：最高分"),
    "created": ("Exported on", "匯出日期"),
    "version": ("Studio version", "系統版本"),
    "lang": ("Language", "語言"),
    "criteria_sheet": ("Criteria sheet", "準則工作表"),
    "ratings_sheet": ("Ratings sheet", "評分工作表"),
    "ratings_header_row": ("Ratings: row of criterion ids", "評分：準則代號所在列"),
    "how": (
        "Change weights on the criteria sheet or ratings on the ratings sheet: "
        "normalised scores, totals and ranks recalculate.",
        "在準則工作表修改權重，或在評分工作表修改評分：標準化分數、總分與排名會自動重算。",
    ),
    "legend_na": ("N/A = not offered by the vendor", "N/A = 廠商未提供此功能"),
    "legend_p": ("P = delivered through partners", "P = 透過經銷夥伴提供"),
    "legend_blank": ("blank = unknown", "空白 = 未知"),
    "legend_star": (
        "* in the B2B column = a B2B solution",
        "B2B 欄的 * = B2B 解決方案",
    ),
    # criteria sheet
    "criterion": ("Criterion", "準則"),
    "label_en": ("English label", "英文名稱"),
    "label_zh": ("Chinese label", "中文名稱"),
    "direction": ("Direction", "方向"),
    "weight": ("Weight", "權重"),
    "share": ("Weight share", "權重占比"),
    "pillar": ("Pillar", "支柱"),
    "parent": ("Parent criterion", "上層準則"),
    "description_en": ("English description", "英文說明"),
    "description_zh": ("Chinese description", "中文說明"),
    # ratings and scores
    "vendor": ("Vendor", "廠商"),
    "b2b": ("B2B (*)", "B2B（*）"),
    "coverage": ("Coverage", "涵蓋率"),
    "lower_bound": ("Total of known cells", "已知項目小計"),
    "total": ("Total", "總分"),
    "rounded": ("Total (rounded)", "總分（四捨五入）"),
    "rank": ("Rank", "名次"),
    "status": ("Status", "狀態"),
    "name_order": ("Name order", "名稱排序"),
    "sort_key": ("Sort key", "排序鍵"),
    "position": ("Position", "順位"),
    "row": ("Row", "列"),
    "ranked": ("ranked", "已排名"),
    "insufficient": ("insufficient data", "資料不足"),
    "rating_prompt": (
        "A rating on the scale, N/A (not offered), P (partners) or blank (unknown)",
        "尺度內的評分、N/A（未提供）、P（經銷夥伴）或空白（未知）",
    ),
}


def text(key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``."""
    if lang not in LANGS:
        raise InputError(
            "unknown language",
            field="lang",
            expected="one of: " + ", ".join(LANGS),
            found=lang,
        )
    return _TEXTS[key][LANGS.index(lang)]
