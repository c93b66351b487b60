"""User-facing strings in 繁體中文 and English, read from ``data/strings.toml``.

Each key holds both languages side by side, so a missing translation is visible in
review and caught by a contract test. This module does not import streamlit.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from scoring.builtin import DATA_DIR

__all__ = ["LANGUAGES", "md", "names", "policy_summary", "strings", "t", "text_file"]

#: Language code → the name shown in the language switch.
LANGUAGES = {"zh": "繁體中文", "en": "English"}


@cache
def strings() -> dict[str, dict[str, str]]:
    """Every key with its ``en`` and ``zh`` text (nested tables flattened by dots)."""
    raw = tomllib.loads((DATA_DIR / "strings.toml").read_text(encoding="utf-8"))
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: dict) -> None:
        if "en" in table and isinstance(table["en"], str):
            flat[prefix] = {k: v for k, v in table.items() if isinstance(v, str)}
            return
        for key, value in table.items():
            walk(f"{prefix}.{key}" if prefix else key, value)

    walk("", raw)
    return flat


def t(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Raises
    ------
    KeyError
        When the key does not exist: a missing string is a bug, not a fallback.
    """
    text = strings()[key][lang]
    return text.format(**values) if values else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md(text: object) -> str:
    """``text`` made literal inside Streamlit markdown.

    Names that people type (vendors, scenarios, data sets) may hold characters
    that markdown, LaTeX (``$``) or Streamlit's colour directives (``:red[...]``)
    would interpret; each is escaped with a backslash so the name shows as typed.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def names(items: object, lang: str) -> str:
    """Names for a sentence: escaped for markdown, joined as the language does."""
    return ("、" if lang == "zh" else ", ").join(md(item) for item in items)


def policy_summary(policies: object, lang: str) -> str:
    """The scoring policies in force, as one sentence."""
    rating = policies.not_offered_rating
    na = (
        t("policy.na_scores", lang, x=policies.not_offered_score)
        if rating is None
        else t("policy.na_as_rating", lang, x=rating)
    )
    return t(
        "policy.in_force",
        lang,
        norm=t(f"policy.norm_{policies.normalization}", lang),
        na=na,
        p=policies.partner_score,
        unknown=t(f"policy.unknown_{policies.unknown}", lang),
    )


@cache
def text_file(name: str, lang: str) -> str:
    """A long text from ``data/text/NAME.LANG.md``."""
    return (DATA_DIR / "text" / f"{name}.{lang}.md").read_text(encoding="utf-8")
