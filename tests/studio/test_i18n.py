"""Contract: every user-facing string exists in both languages, with equal slots."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from studio.i18n import LANGUAGES, strings, t, text_file

STUDIO = Path(__file__).resolve().parents[2] / "studio"
APP = STUDIO.parent / "app.py"


def used_keys() -> set[str]:
    """Keys passed literally to t(...) anywhere in the user interface."""
    pattern = re.compile(r"""\bt\(\s*f?["']([a-z_.{}]+)["']""")
    keys = set()
    for path in [APP, *STUDIO.rglob("*.py")]:
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(strings()))
def test_every_string_has_both_languages_and_the_same_placeholders(key):
    entry = strings()[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def test_every_key_used_in_the_interface_exists():
    keys = strings()
    missing = []
    for key in used_keys():
        if "{" in key:  # an f-string key: every expansion must exist
            prefix = key.split("{", 1)[0]
            if not any(k.startswith(prefix) for k in keys):
                missing.append(key)
        elif key not in keys:
            missing.append(key)
    assert not missing


def test_the_scan_finds_keys():
    assert "ranking.title" in used_keys()


@pytest.mark.parametrize("value", ["scale", "minmax"])
def test_policy_choices_have_labels(value):
    assert t(f"policy.norm_{value}", "zh")


@pytest.mark.parametrize("value", ["flag", "rescale", "exclude"])
def test_unknown_policy_choices_have_labels(value):
    assert t(f"policy.unknown_{value}", "en")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_long_texts_exist_in_both_languages(lang):
    assert len(text_file("method", lang)) > 200


def test_a_missing_key_is_an_error_not_a_fallback():
    with pytest.raises(KeyError):
        t("no.such.key", "en")
