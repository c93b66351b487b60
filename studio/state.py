"""The one layer between the pages and ``st.session_state``.

The canonical state of a session is small: the language, the current segment (a
built-in one or an imported data set), and per segment its weights, scoring
policies and decision choices; plus the readiness answers. It is initialised in
:func:`init` from the store (so it survives a reload and a server restart),
changed only through the functions below (usually from widget callbacks), and
written back to the store on every change. Widgets carry keys of their own,
prefixed with ``_``, which Streamlit may drop when a page is left; they are
re-seeded from the canonical state.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from scoring.builtin import load_market, market_info, segments
from scoring.errors import InputError
from scoring.evaluate import Result, evaluate
from scoring.gates import Gate, GateResult, apply_gates
from scoring.hierarchy import Hierarchy, build_hierarchy
from scoring.models import (
    Criterion,
    Evaluation,
    Policies,
    RatingMatrix,
    Weights,
    parse_rating,
)
from scoring.readiness import (
    Assessment,
    SavedReadiness,
    WeightProposal,
    assess,
    propose_weights,
    validate_answers,
)
from scoring.robustness import stability_intervals
from scoring.smaa import smaa
from scoring.store import DecisionChoices, Scenario, Store
from scoring.tco import Costs, tco, with_tco

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


IMPORTED = "import:"


def is_imported(segment: str) -> bool:
    """Whether ``segment`` names an imported data set rather than a built-in one."""
    return segment.startswith(IMPORTED)


@st.cache_data(show_spinner=False, max_entries=32)
def market(segment: str) -> Evaluation:
    """The evaluation of a built-in segment or an imported data set (read once).

    Imported data sets are read from the store; :func:`import_dataset` clears this
    cache when it replaces one.
    """
    if not is_imported(segment):
        return load_market(segment)
    db = store()
    evaluation = None if db is None else db.load_dataset(segment[len(IMPORTED) :])
    if evaluation is None:
        raise InputError(
            "the imported data set is no longer available",
            field="data set",
            found=segment[len(IMPORTED) :],
        )
    return evaluation


def source_line(lang: str) -> str:
    """Where the current data comes from, for the captions under tables."""
    if is_imported(segment()):
        return market(segment()).source or segment()[len(IMPORTED) :]
    return market_info().source[lang]


@st.cache_data(show_spinner=False, max_entries=32)
def dataset_metadata(segment: str) -> pd.DataFrame | None:
    """The metadata columns (notes, regions…) kept with an imported data set."""
    if not is_imported(segment):
        return None
    db = store()
    return None if db is None else db.load_dataset_metadata(segment[len(IMPORTED) :])


def dataset_ids() -> list[str]:
    """Built-in segments, then the imported data sets of the project."""
    return [*segments(), *st.session_state.get("datasets", [])]


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
    if is_imported(segment):  # the weights that came with the data, as points
        evaluation = market(segment)
        shares = evaluation.weights.vector(evaluation.criterion_ids)
        return {
            c: round(100.0 * share, 6)
            for c, share in zip(evaluation.criterion_ids, shares, strict=True)
        }
    return dict.fromkeys(market(segment).criterion_ids, DEFAULT_POINTS)


def _default_policies(segment: str) -> Policies:
    return market(segment).policies if is_imported(segment) else Policies()


def _add_segment(segment: str) -> None:
    """Give a segment its default weights, policies and decision choices."""
    ss = st.session_state
    ss.weights.setdefault(segment, _default_weights(segment))
    ss.policies_by_segment.setdefault(segment, _default_policies(segment))
    ss.decision.setdefault(segment, DecisionChoices())


def init() -> None:
    """Fill the session's state once, from the store or from defaults."""
    ss = st.session_state
    if ss.get("_initialised"):
        return
    ss.store_error = None
    saved = _store_call("load_working")
    lang = _store_call("get_setting", "language", "zh") or "zh"
    ss.lang = lang if lang in ("zh", "en") else "zh"
    ss.datasets = [IMPORTED + n for n in _store_call("dataset_names") or []]
    ss.weights, ss.policies_by_segment, ss.decision = {}, {}, {}
    ss.segment = "large"
    for seg in segments():
        _add_segment(seg)
    for seg in dataset_ids():
        kept = _store_call("load_working", seg)
        if kept is not None:
            _restore(seg, kept)
    if saved is not None and saved.segment in dataset_ids():
        _restore(saved.segment, saved)  # the latest state of its segment
        if saved.segment in ss.weights:
            ss.segment = saved.segment
    _init_readiness()
    ss._initialised = True


def _restore(seg: str, saved: Scenario) -> None:
    """Take back the saved choices of one segment (skipped if its data is gone)."""
    ss = st.session_state
    try:
        _add_segment(seg)
    except InputError:
        return
    ss.decision[seg] = saved.decision
    known = set(ss.weights[seg]) | _extra_ids(seg)
    restored = {k: v for k, v in saved.weights.items() if k in known}
    if restored and any(v > 0 for v in restored.values()):
        ss.weights[seg] = _default_weights(seg) | restored
    ss.policies_by_segment[seg] = saved.policies


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
    """Write the working scenario to the store."""
    _store_call("save_working", current_scenario())


# reading ---------------------------------------------------------------------


def lang() -> str:
    return st.session_state.lang


def segment() -> str:
    return st.session_state.segment


def weights(seg: str | None = None) -> dict[str, float]:
    return dict(st.session_state.weights[seg or segment()])


def policies() -> Policies:
    return st.session_state.policies_by_segment[segment()]


def evaluation() -> Evaluation:
    """The current segment's evaluation with the session's choices: the built-in
    matrix plus any rated non-functional sub-criteria and the TCO (all vendors)."""
    return _bundle()[0]


def result() -> Result:
    """The scored current evaluation without the vendors that fail a must-have gate
    (cached by its inputs); with no gate, exactly the evaluation scored."""
    scored = _bundle()[2]
    if scored is None:  # every vendor fails a gate: score them all, the page says so
        return evaluate(evaluation())
    return scored


def current_scenario() -> Scenario:
    return Scenario(
        segment=segment(), weights=weights(), policies=policies(), decision=decision()
    )


# changing --------------------------------------------------------------------


def set_lang(value: str) -> None:
    st.session_state.lang = value
    _store_call("set_setting", "language", value)


def set_segment(value: str) -> None:
    _add_segment(value)
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
    st.session_state.policies_by_segment[segment()] = value
    persist()


def save_scenario(name: str) -> None:
    db = store()
    if db is None:
        raise InputError("the database is not available", field="scenario")
    try:
        db.save_scenario(name, current_scenario())
    except InputError:
        raise
    except Exception as exc:
        log.exception("saving scenario %r failed", name)
        raise InputError(
            f"the database could not be written ({exc.__class__.__name__})",
            field="scenario",
        ) from None


def scenario_names() -> list[str]:
    return _store_call("scenario_names") or []


def load_scenario(name: str) -> bool:
    scenario = _store_call("load_scenario", name)
    if scenario is None or scenario.segment not in dataset_ids():
        return False
    _add_segment(scenario.segment)
    st.session_state.segment = scenario.segment
    st.session_state.decision[scenario.segment] = scenario.decision
    known = set(market(scenario.segment).criterion_ids) | _extra_ids(scenario.segment)
    st.session_state.weights[scenario.segment] = _default_weights(scenario.segment) | {
        k: v for k, v in scenario.weights.items() if k in known
    }
    st.session_state.policies_by_segment[scenario.segment] = scenario.policies
    forget_widgets()
    persist()
    return True


def forget_widgets() -> None:
    """Drop widget keys so that widgets are re-seeded from the canonical state."""
    for key in [k for k in st.session_state if str(k).startswith("_w_")]:
        del st.session_state[key]


# decision science: criteria tree, extra ratings, gates, cost, methods, AHP ------
#
# The canonical decision choices of each segment live in ``st.session_state.decision``
# (segment → :class:`DecisionChoices`) and are saved with the working scenario. The
# evaluation the pages score is the built-in matrix plus the non-functional
# sub-criteria on which at least one vendor is rated, plus the TCO when it is to
# enter the score; vendors failing a must-have gate are left out of the ranking.

TCO_ID = "tco"
QUICK_SMAA_SAMPLES = 4_000


def decision(seg: str | None = None) -> DecisionChoices:
    return st.session_state.decision[seg or segment()]


def _set_decision(**changes: Any) -> None:
    seg = segment()
    current = st.session_state.decision[seg]
    st.session_state.decision[seg] = DecisionChoices.model_validate(
        current.model_dump() | changes
    )
    persist()


@st.cache_data(show_spinner=False, max_entries=64)
def _hierarchy(seg: str, local: tuple) -> Hierarchy:
    if is_imported(seg):  # imported criteria form a flat tree of their own
        criteria = [c.model_copy(update={"parent": None}) for c in market(seg).criteria]
        tree = build_hierarchy(criteria=criteria)
    else:
        tree = build_hierarchy(seg)
    known = {k: v for k, v in local if k in tree.nodes}
    return tree.with_local(known) if known else tree


def hierarchy(seg: str | None = None) -> Hierarchy:
    """The six-criteria tree of the segment with the session's local weights."""
    seg = seg or segment()
    return _hierarchy(seg, tuple(sorted(decision(seg).local_weights.items())))


def extra_criteria(seg: str | None = None) -> list[Criterion]:
    """Leaves of the tree outside the capability matrix (vendors rated by hand)."""
    seg = seg or segment()
    tree = hierarchy(seg)
    areas = set(market(seg).criterion_ids)
    return [tree.nodes[k].criterion for k in tree.leaves if k not in areas]


def _extra_ids(seg: str) -> set[str]:
    return {c.id for c in extra_criteria(seg)} | {TCO_ID}


def tco_totals(seg: str | None = None) -> pd.Series:
    """TCO of each vendor with costs entered (empty when none)."""
    choices = decision(seg)
    if not choices.costs:
        return pd.Series(dtype=float, name="tco")
    return tco(choices.costs, choices.tco_years, choices.discount_rate)


@st.cache_data(show_spinner=False, max_entries=64)
def _decision_bundle(
    seg: str, weights: tuple, policies: Policies, choices_json: str
) -> tuple[Evaluation, GateResult, Result | None]:
    choices = DecisionChoices.model_validate_json(choices_json)
    base = market(seg)
    names = [v.name for v in base.vendors]

    # the rated non-functional sub-criteria, as extra columns
    rated = [
        c
        for c in extra_criteria(seg)
        if any(choices.extra_ratings.get(v, {}).get(c.id, "").strip() for v in names)
    ]
    if rated:
        cells = [
            [parse_rating(choices.extra_ratings.get(v, {}).get(c.id)) for c in rated]
            for v in names
        ]
        extra = RatingMatrix.from_cells(names, [c.id for c in rated], cells)
        base = base._replace(
            criteria=[*base.criteria, *rated],
            ratings=RatingMatrix(
                vendors=names,
                criteria=[*base.ratings.criteria, *extra.criteria],
                kinds=np.column_stack([base.ratings.kinds, extra.kinds]),
                values=np.column_stack([base.ratings.values, extra.values]),
            ),
        )

    # the TCO as a cost criterion, when asked for
    if choices.tco_in_score and choices.costs:
        totals = tco(choices.costs, choices.tco_years, choices.discount_rate)
        base = with_tco(base, totals, 0.0, criterion_id=TCO_ID)

    # the session's weights on the criteria present (equal if none is positive)
    ids = base.criterion_ids
    values = {k: v for k, v in dict(weights).items() if k in ids}
    if not any(v > 0 for v in values.values()):
        values = dict.fromkeys(market(seg).criterion_ids, DEFAULT_POINTS)
    full = base.with_weights(values).with_policies(policies)

    # must-have gates, then the ranking of the vendors that pass
    gates = [g for g in choices.gates if g.criterion in ids]
    gated = apply_gates(full, gates)
    scored = evaluate(gated.evaluation) if gated.evaluation is not None else None
    return full, gated, scored


def cache_key() -> tuple:
    """Hashable inputs of the current evaluation, for ``st.cache_data`` on pages."""
    seg = segment()
    return (
        seg,
        tuple(sorted(weights(seg).items())),
        policies(),
        decision(seg).model_dump_json(),
    )


def gated_for(key: tuple) -> Evaluation | None:
    """The gated evaluation of :func:`cache_key`'s inputs (inside cached helpers)."""
    return _decision_bundle(*key)[1].evaluation


def _bundle() -> tuple[Evaluation, GateResult, Result | None]:
    return _decision_bundle(*cache_key())


def weights_mode() -> str:
    """The elicitation mode shown on the Weights page (kept across languages)."""
    return st.session_state.setdefault("weights_mode", "tree")


def set_weights_mode(value: str) -> None:
    st.session_state.weights_mode = value


def elicit_level() -> str:
    """The tree node whose children are ranked or compared pairwise."""
    return st.session_state.setdefault("elicit_level", "goal")


def set_elicit_level(value: str) -> None:
    st.session_state.elicit_level = value


def gate_result() -> GateResult:
    """Which vendors pass the must-have gates, and why the others fail."""
    return _bundle()[1]


def ranked_evaluation() -> Evaluation | None:
    """The evaluation without the vendors that fail a gate (None if none passes)."""
    return _bundle()[1].evaluation


@st.cache_data(show_spinner=False, max_entries=128)
def _robustness(
    seg: str, weights: tuple, policies: Policies, choices_json: str
) -> dict[str, Any] | None:
    gated = _decision_bundle(seg, weights, policies, choices_json)[1].evaluation
    if gated is None or len(gated.vendors) < 2:
        return None
    intervals = stability_intervals(gated)
    share = smaa(gated, QUICK_SMAA_SAMPLES, seed=0).first
    return {"intervals": intervals, "first": share.to_dict()}


def robustness() -> dict[str, Any] | None:
    """Stability intervals and a quick SMAA of the current ranking (cached)."""
    return _robustness(*cache_key())


def set_local_weights(changes: dict[str, float]) -> None:
    """Change raw local weights of tree nodes; the tree validates them."""
    tree = hierarchy().with_local(changes)
    tree.validate_weights()
    _set_decision(local_weights=decision().local_weights | dict(changes))


def set_global_weight(node: str, share: float) -> None:
    """Give a node a global share (0–1): its local share among its siblings becomes
    ``share / global(parent)``, the siblings keep their proportions."""
    tree = hierarchy()
    parent = tree.nodes[node].parent
    glob, local = tree.global_weights(), tree.local_weights()
    above = glob.get(parent, 1.0)
    own = min(max(share / above, 0.0), 1.0) if above > 0 else 0.0
    siblings = [s for s in tree.children(parent) if s != node]
    rest = sum(local[s] for s in siblings)
    changes = {node: own}
    for s in siblings:
        changes[s] = (1 - own) * (local[s] / rest if rest > 0 else 1 / len(siblings))
    set_local_weights(changes)


def apply_hierarchy_weights() -> tuple[float, list[str]]:
    """Write the tree's global leaf weights to the evaluation's weights.

    Leaves on which no vendor is rated are left out (the others renormalised); the
    weight of the ``cost`` leaf goes to the TCO when the TCO is in the score. Returns
    the share of the tree's weight that was applied and the leaves left out.
    """
    tree = hierarchy()
    glob = tree.global_weights()
    ids = evaluation().criterion_ids
    applied, left_out = {}, []
    for leaf in tree.leaves:
        target = TCO_ID if leaf == "cost" and TCO_ID in ids else leaf
        if target in ids:
            applied[target] = glob[leaf]
        else:
            left_out.append(leaf)
    top = max(applied.values(), default=0.0)
    if top <= 0:
        raise InputError(
            "no criterion with ratings has a weight in the tree",
            field="weights",
            expected="a positive weight on a rated criterion",
        )
    set_weights({k: min(round(100.0 * v / top, 6), 100.0) for k, v in applied.items()})
    forget_widgets()
    return sum(applied.values()), left_out


def set_extra_rating(vendor: str, criterion: str, text: str | None) -> None:
    """Rate a vendor on a non-functional sub-criterion (blank: unknown)."""
    token = "" if text is None else str(text).strip()
    try:
        rating = parse_rating(token)
    except ValueError as exc:
        raise InputError(
            str(exc), field=f"{vendor} · {criterion}", found=token
        ) from None
    scale = market(segment()).scale
    if rating.value is not None and not scale.contains(rating.value):
        raise InputError(
            "rating outside the scale",
            field=f"{vendor} · {criterion}",
            expected=f"a rating in {scale}, N/A, P or blank",
            found=token,
        )
    _ensure_weight(criterion)
    ratings = {v: dict(c) for v, c in decision().extra_ratings.items()}
    row = ratings.setdefault(vendor, {})
    if token:
        row[criterion] = token
    else:
        row.pop(criterion, None)
    _set_decision(extra_ratings=ratings)


def add_gate(gate: Gate) -> None:
    gates = [g for g in decision().gates if g.criterion != gate.criterion]
    _set_decision(gates=[*gates, gate])


def remove_gate(criterion: str) -> None:
    _set_decision(gates=[g for g in decision().gates if g.criterion != criterion])


def set_costs(vendor: str, costs: Costs | None) -> None:
    current = dict(decision().costs)
    if costs is None:
        current.pop(vendor, None)
    else:
        current[vendor] = costs
    _set_decision(costs=current)


def _ensure_weight(criterion: str) -> None:
    # a criterion entering the evaluation starts at weight 0: the ranking is kept
    current = st.session_state.weights[segment()]
    if criterion not in current:
        st.session_state.weights[segment()] = current | {criterion: 0.0}


def set_tco_options(years: int, discount_rate: float, in_score: bool) -> None:
    _ensure_weight(TCO_ID)
    _set_decision(tco_years=years, discount_rate=discount_rate, tco_in_score=in_score)


def set_method(method: str, normalization: str | None) -> None:
    _set_decision(method=method, method_normalization=normalization)


def set_ahp_judgement(evaluator: str, row: str, column: str, value: float) -> None:
    if not (value > 0 and np.isfinite(value)):
        raise InputError(
            "a judgement must be positive",
            field=f"{row} / {column}",
            expected="a value of Saaty's scale, 1/9 … 9",
            found=f"{value!r}",
        )
    judgements = {e: dict(j) for e, j in decision().ahp_judgements.items()}
    judgements.setdefault(evaluator, {})[f"{row}|{column}"] = float(value)
    _set_decision(ahp_judgements=judgements)


def add_evaluator(name: str) -> None:
    name = name.strip()
    if not name:
        raise InputError("an evaluator needs a name", field="evaluator")
    judgements = dict(decision().ahp_judgements)
    judgements.setdefault(name, {})
    _set_decision(ahp_judgements=judgements)


def remove_evaluator(name: str) -> None:
    judgements = dict(decision().ahp_judgements)
    judgements.pop(name, None)
    _set_decision(ahp_judgements=judgements)


# imported data sets ---------------------------------------------------------------


def import_dataset(
    name: str, evaluation: Evaluation, metadata: pd.DataFrame | None = None
) -> str:
    """Keep an imported evaluation in the store and make it the current data.

    Returns the segment id of the data set. A data set of the same name is
    replaced, and the session's choices for it start again from the data's own
    weights and policies.
    """
    db = store()
    if db is None:
        raise InputError("the database is not available", field="data set")
    try:
        db.save_dataset(name, evaluation, metadata)
    except InputError:
        raise
    except Exception as exc:
        log.exception("saving data set %r failed", name)
        raise InputError(
            f"the database could not be written ({exc.__class__.__name__})",
            field="data set",
        ) from None
    market.clear()
    dataset_metadata.clear()
    segment_id = IMPORTED + name.strip()
    ss = st.session_state
    if segment_id not in ss.datasets:
        ss.datasets = sorted([*ss.datasets, segment_id])
    for table in (ss.weights, ss.policies_by_segment, ss.decision):
        table.pop(segment_id, None)
    set_segment(segment_id)
    forget_widgets()
    return segment_id


def remove_dataset(segment_id: str) -> None:
    """Delete an imported data set; the current data falls back to the built-in."""
    _store_call("delete_dataset", segment_id[len(IMPORTED) :])
    market.clear()
    ss = st.session_state
    ss.datasets = [d for d in ss.datasets if d != segment_id]
    for table in (ss.weights, ss.policies_by_segment, ss.decision):
        table.pop(segment_id, None)
    if ss.segment == segment_id:
        set_segment("large")
    forget_widgets()


def evaluation_for(key: tuple) -> Evaluation:
    """The evaluation of :func:`cache_key`'s inputs (inside cached helpers)."""
    return _decision_bundle(*key)[0]


def result_for(key: tuple) -> Result:
    """The ranking of :func:`cache_key`'s inputs, gate failures left out."""
    full, _, scored = _decision_bundle(*key)
    return scored if scored is not None else evaluate(full)


# adoption readiness ------------------------------------------------------------
#
# The questionnaire's answers of every respondent, the respondent shown and the
# industry live in ``st.session_state.readiness`` (a :class:`SavedReadiness`), kept
# in the store's settings under ``"readiness"`` and restored by :func:`init`. Widget
# keys of the readiness pages start with ``_rd_``.

READINESS_SETTING = "readiness"


def _init_readiness() -> None:
    raw = _store_call("get_setting", READINESS_SETTING)
    try:
        saved = SavedReadiness.model_validate(raw or {}).cleaned()
    except ValueError as exc:  # an unreadable document must not stop the app
        log.warning("saved readiness answers are unreadable: %s", exc)
        saved = SavedReadiness()
    st.session_state.readiness = saved


def readiness() -> SavedReadiness:
    return st.session_state.readiness


def _set_readiness(**changes: Any) -> None:
    current = readiness()
    st.session_state.readiness = SavedReadiness.model_validate(
        current.model_dump() | changes
    )
    _store_call("set_setting", READINESS_SETTING, readiness().model_dump())


def set_readiness_answer(respondent: str, item: str, value: int | None) -> None:
    """Record (or, with None, clear) one respondent's answer to one item."""
    answers = {k: dict(v) for k, v in readiness().answers.items()}
    row = answers.setdefault(respondent, {})
    if value is None:
        row.pop(item, None)
    else:
        row |= validate_answers({item: value}, respondent=respondent)
    _set_readiness(answers=answers)


def add_respondent(name: str) -> None:
    name = name.strip()
    if not name:
        raise InputError(
            "a respondent needs a name", field="respondent", expected="a name"
        )
    if name in readiness().respondents:
        raise InputError(
            "a respondent of this name exists", field="respondent", found=name
        )
    _set_readiness(respondents=[*readiness().respondents, name], current=name)


def remove_respondent(name: str) -> None:
    """Forget a respondent and their answers; the last one cannot be removed."""
    names = [n for n in readiness().respondents if n != name]
    if not names:
        raise InputError(
            "the last respondent cannot be removed",
            field="respondent",
            expected="at least one respondent",
            found=name,
        )
    answers = {k: v for k, v in readiness().answers.items() if k != name}
    _set_readiness(respondents=names, answers=answers, current=names[0])


def set_current_respondent(name: str) -> None:
    if name in readiness().respondents:
        _set_readiness(current=name)


def set_industry(industry: str | None) -> None:
    _set_readiness(industry=industry)


@st.cache_data(show_spinner=False, max_entries=32)
def _assessed(answers_json: str) -> Assessment:
    return assess(SavedReadiness.model_validate_json(answers_json).answers)


def readiness_assessment() -> Assessment:
    """The readiness of every respondent who answered, and of the group (cached)."""
    saved = readiness()
    answered = SavedReadiness(
        respondents=saved.respondents,
        answers={k: v for k, v in saved.answers.items() if v},
    )
    return _assessed(answered.model_dump_json())


def readiness_proposal() -> WeightProposal | None:
    """Weights for the current segment's areas that the answers propose."""
    combined = readiness_assessment().combined
    return propose_weights(combined, market(segment()).criteria)


def apply_proposed_weights() -> None:
    """Make the proposal the current segment's weights (criteria it does not
    weigh get 0); the Ranking page's sliders follow."""
    proposal = readiness_proposal()
    if proposal is None:
        raise InputError(
            "no weights are proposed for this segment",
            field="readiness",
            expected="reasons or functional needs rated, and areas with a CRM pillar",
        )
    current = weights()
    set_weights(
        {k: proposal.areas.get(k, 0.0) for k in current}
        | {
            k: v
            for k, v in proposal.areas.items()
            if k in market(segment()).criterion_ids
        }
    )
    forget_widgets()
