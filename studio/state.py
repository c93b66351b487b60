"""The one layer between the pages and ``st.session_state``.

The canonical state of a session is small: the language, the segment, the weights
per segment and the scoring policies. It is initialised in :func:`init` from the
store (so it survives a reload and a server restart), changed only through the
functions below (usually from widget callbacks), and written back to the store on
every change. Widgets carry keys of their own, prefixed with ``_``, which Streamlit
may drop when a page is left; they are re-seeded from the canonical state.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from scoring.builtin import load_market, segments
from scoring.errors import InputError
from scoring.evaluate import Result, evaluate
from scoring.models import Evaluation, Policies, Weights
from scoring.store import Scenario, Store

log = logging.getLogger(__name__)

DEFAULT_POINTS = 10.0


@st.cache_resource(show_spinner=False)
def store() -> Store | None:
    """The database, opened once per server process (None if it cannot be opened)."""
    try:
        return Store()
    except InputError as exc:
        log.error("store unavailable: %s", exc)
        return None


@st.cache_data(show_spinner=False)
def market(segment: str) -> Evaluation:
    """The built-in evaluation of a segment (read and validated once)."""
    return load_market(segment)


@st.cache_data(show_spinner=False, max_entries=256)
def _scored(segment: str, weights: tuple, policies: Policies) -> Result:
    return evaluate(market(segment).with_weights(dict(weights)).with_policies(policies))


def guarded(callback: Callable[..., Any]) -> Callable[..., None]:
    """Wrap a widget callback so that a failure is shown as a message, not a trace.

    The message is kept in the session and shown by :func:`show_callback_error` at
    the top of the next run; the full traceback goes to the server log.
    """

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            callback(*args, **kwargs)
        except Exception as exc:
            log.exception("callback %s failed", callback.__name__)
            st.session_state["_callback_error"] = f"{exc.__class__.__name__}: {exc}"

    return wrapper


def take_callback_error() -> str | None:
    """The message of the last failed callback, once."""
    return st.session_state.pop("_callback_error", None)


def _default_weights(segment: str) -> dict[str, float]:
    return dict.fromkeys(market(segment).criterion_ids, DEFAULT_POINTS)


def init() -> None:
    """Fill the session's state once, from the store or from defaults."""
    ss = st.session_state
    if ss.get("_initialised"):
        return
    saved = _store_call("load_working")
    lang = _store_call("get_setting", "language", "zh") or "zh"
    ss.lang = lang if lang in ("zh", "en") else "zh"
    ss.weights = {s: _default_weights(s) for s in segments()}
    ss.segment = "large"
    ss.policies = Policies()
    ss.store_error = None
    if saved is not None:
        ss.segment = saved.segment if saved.segment in segments() else "large"
        known = set(ss.weights[ss.segment])
        restored = {k: v for k, v in saved.weights.items() if k in known}
        if restored and any(v > 0 for v in restored.values()):
            ss.weights[ss.segment] = _default_weights(ss.segment) | restored
        ss.policies = saved.policies
    ss._initialised = True


def _store_call(method: str, *args: Any) -> Any:
    db = store()
    if db is None:
        st.session_state.store_error = "unavailable"
        return None
    try:
        return getattr(db, method)(*args)
    except Exception as exc:  # a failing disk must not take the app down
        log.exception("store call %s failed", method)
        st.session_state.store_error = str(exc)
        return None


def persist() -> None:
    """Write the working scenario and the language to the store."""
    _store_call("save_working", current_scenario())
    _store_call("set_setting", "language", st.session_state.lang)


# reading ---------------------------------------------------------------------


def lang() -> str:
    return st.session_state.lang


def segment() -> str:
    return st.session_state.segment


def weights(seg: str | None = None) -> dict[str, float]:
    return dict(st.session_state.weights[seg or segment()])


def policies() -> Policies:
    return st.session_state.policies


def evaluation() -> Evaluation:
    """The built-in evaluation of the current segment with the session's choices."""
    seg = segment()
    return market(seg).with_weights(weights(seg)).with_policies(policies())


def result() -> Result:
    """The scored current evaluation (cached by its inputs)."""
    seg = segment()
    return _scored(seg, tuple(sorted(weights(seg).items())), policies())


def current_scenario() -> Scenario:
    return Scenario(segment=segment(), weights=weights(), policies=policies())


# changing --------------------------------------------------------------------


def set_lang(value: str) -> None:
    st.session_state.lang = value
    persist()


def set_segment(value: str) -> None:
    st.session_state.segment = value
    persist()


def set_weight(criterion: str, value: float) -> bool:
    """Set one weight; refuse (return False) a change that would zero them all."""
    current = weights()
    proposed = current | {criterion: float(value)}
    if not any(v > 0 for v in proposed.values()):
        return False
    st.session_state.weights[segment()] = proposed
    persist()
    return True


def set_weights(values: dict[str, float]) -> None:
    Weights(values=values)  # validates: non-negative, not all zero
    st.session_state.weights[segment()] = dict(values)
    persist()


def reset_weights() -> None:
    st.session_state.weights[segment()] = _default_weights(segment())
    persist()


def set_policies(value: Policies) -> None:
    st.session_state.policies = value
    persist()


def save_scenario(name: str) -> None:
    db = store()
    if db is None:
        raise InputError("the database is not available", field="scenario")
    db.save_scenario(name, current_scenario())


def scenario_names() -> list[str]:
    return _store_call("scenario_names") or []


def load_scenario(name: str) -> bool:
    scenario = _store_call("load_scenario", name)
    if scenario is None or scenario.segment not in segments():
        return False
    st.session_state.segment = scenario.segment
    st.session_state.weights[scenario.segment] = _default_weights(scenario.segment) | {
        k: v
        for k, v in scenario.weights.items()
        if k in market(scenario.segment).criterion_ids
    }
    st.session_state.policies = scenario.policies
    forget_widgets()
    persist()
    return True


def forget_widgets() -> None:
    """Drop widget keys so that widgets are re-seeded from the canonical state."""
    for key in [k for k in st.session_state if str(k).startswith("_w_")]:
        del st.session_state[key]
