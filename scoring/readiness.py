"""Adoption readiness: is the organisation ready for CRM, and what to fix first.

Answers to the questionnaire of :mod:`scoring.readiness_data` (the seed's fourteen
key success factors, obstacles, project goals, reasons for adopting and functional
needs) are validated, scored per dimension and overall, placed on the stages of the
MIC ITIS survey, turned into a verdict with blockers, gaps and risks, compared across
respondents, and turned into a proposal of weights for the vendor evaluation.

Pure functions on plain mappings and pydantic models; no streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from scoring.errors import InputError
from scoring.models import Criterion
from scoring.readiness_data import Questionnaire, load_questionnaire

__all__ = [
    "Assessment",
    "DimensionScore",
    "Disagreement",
    "Finding",
    "Gap",
    "Readiness",
    "SavedReadiness",
    "Spread",
    "WeightProposal",
    "assess",
    "combine",
    "missing_items",
    "proposal_lines",
    "propose_weights",
    "score",
    "stage_of",
    "validate_answers",
]

Verdict = Literal["ready", "ready_with_conditions", "not_ready", "not_assessed"]
Status = Literal["assessed", "partial", "not_assessed"]


class DimensionScore(BaseModel):
    """One dimension's score 0–100 (None: not assessed) and how complete it is."""

    model_config = ConfigDict(frozen=True)

    id: str
    score: float | None
    target: float
    answered: int
    total: int
    status: Status

    @property
    def gap(self) -> float | None:
        return None if self.score is None else max(self.target - self.score, 0.0)


class Finding(BaseModel):
    """An item singled out: a blocker, or a risk from an obstacle."""

    model_config = ConfigDict(frozen=True)

    item: str
    dimension: str
    answer: float
    score: float


class Gap(BaseModel):
    """A dimension below its target, with its weakest items."""

    model_config = ConfigDict(frozen=True)

    dimension: str
    score: float
    target: float
    gap: float
    weakest: list[str]


class Readiness(BaseModel):
    """The readiness of one set of answers (one respondent, or the mean of several).

    ``partial`` is True when an item that counts towards readiness is unanswered;
    ``coverage`` is the share of the index's weight carried by assessed dimensions.
    """

    model_config = ConfigDict(frozen=True)

    index: float | None
    partial: bool
    coverage: float
    dimensions: list[DimensionScore]
    stage: str | None
    verdict: Verdict
    verdict_reasons: list[str]
    blockers: list[Finding]
    gaps: list[Gap]
    risks: list[Finding]
    missing: list[str]

    def dimension(self, dimension_id: str) -> DimensionScore:
        return {d.id: d for d in self.dimensions}[dimension_id]


class Spread(BaseModel):
    """Respondents' scores of one dimension: how many, mean, min, max, std."""

    model_config = ConfigDict(frozen=True)

    dimension: str
    n: int
    mean: float | None
    min: float | None
    max: float | None
    std: float | None


class Disagreement(BaseModel):
    """An item on which respondents' answers lie far apart."""

    model_config = ConfigDict(frozen=True)

    item: str
    answers: dict[str, int]
    range: float
    std: float


class WeightProposal(BaseModel):
    """Pillar shares and area points proposed for the vendor evaluation.

    Attributes
    ----------
    pillars
        Pillar → share 0–1 of the weight (sums to 1).
    from_reasons, from_needs
        The pillar shares each source alone would give (empty if unanswered).
    areas
        Functional area (criterion id) → points, the largest 100.
    area_need
        Area → the need (0–4) used for it; ``defaulted`` lists the areas that had no
        answer and took their pillar's mean.
    drivers
        Pillar → the reason items that contributed to it, largest first.
    """

    model_config = ConfigDict(frozen=True)

    pillars: dict[str, float]
    from_reasons: dict[str, float]
    from_needs: dict[str, float]
    areas: dict[str, float]
    area_need: dict[str, float]
    defaulted: list[str]
    drivers: dict[str, list[str]]


class Assessment(BaseModel):
    """Several respondents: the group's readiness, each one's, spread, disagreement."""

    model_config = ConfigDict(frozen=True)

    group: Readiness
    respondents: dict[str, Readiness]
    spread: list[Spread]
    disagreements: list[Disagreement]
    combined: dict[str, float] = Field(default_factory=dict)


class SavedReadiness(BaseModel):
    """The questionnaire's answers as kept with a project (every field has a default,
    so documents saved before a field existed still load).

    Attributes
    ----------
    respondents
        Names of the committee members who answer, in the order they were added.
    answers
        Respondent → item id → scale point.
    current
        The respondent whose answers the questionnaire shows.
    industry
        The organisation's industry on the adoption curve (None: not chosen).
    """

    model_config = ConfigDict(frozen=True)

    respondents: list[str] = Field(default_factory=lambda: ["R1"])
    answers: dict[str, dict[str, int]] = Field(default_factory=dict)
    current: str = "R1"
    industry: str | None = None

    def cleaned(self, q: Questionnaire | None = None) -> SavedReadiness:
        """The document without unknown items, off-scale answers or lost names."""
        q = q or load_questionnaire()
        known = {i.id: q.scale_of(i.id).top for i in q.items}
        names = list(dict.fromkeys(n for n in self.respondents if n.strip())) or ["R1"]
        answers = {
            name: {
                k: v
                for k, v in self.answers.get(name, {}).items()
                if k in known and 0 <= v <= known[k]
            }
            for name in names
        }
        industries = {i.id for i in q.curve.industries}
        return SavedReadiness(
            respondents=names,
            answers=answers,
            current=self.current if self.current in names else names[0],
            industry=self.industry if self.industry in industries else None,
        )


# validation ------------------------------------------------------------------


def _parse(value: object, item_id: str, q: Questionnaire, where: str) -> int | None:
    scale = q.scale_of(item_id)
    labels = {text.casefold(): p.value for p in scale.points for text in (p.en, p.zh)}
    valid = f"an integer 0–{scale.top} or one of: " + ", ".join(
        f"{p.value}={p.en}" for p in scale.points
    )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.casefold() in labels:
            return labels[text.casefold()]
        try:
            number = float(text)
        except ValueError:
            raise InputError(
                "answer is not on the item's scale",
                field=where,
                expected=valid,
                found=text,
            ) from None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(
            "answer is not a number", field=where, expected=valid, found=repr(value)
        )
    else:
        number = float(value)
    if not (math.isfinite(number) and number == int(number)):
        raise InputError(
            "answer is not a whole point of the scale",
            field=where,
            expected=valid,
            found=str(value),
        )
    if not 0 <= number <= scale.top:
        raise InputError(
            "answer out of range", field=where, expected=valid, found=str(value)
        )
    return int(number)


def validate_answers(
    raw: Mapping[str, object],
    q: Questionnaire | None = None,
    respondent: str | None = None,
) -> dict[str, int]:
    """Check one respondent's answers and return them as scale points.

    Parameters
    ----------
    raw
        Item id → answer: a scale point (``3``, ``"3"``, ``3.0``) or a point's label
        in either language (``"Yes"``, ``"是"``); blank or None means unanswered.
    q
        The questionnaire (the built-in one by default).
    respondent
        Named in messages when given.

    Returns
    -------
    dict
        Item id → integer point, unanswered items left out.

    Raises
    ------
    InputError
        For an unknown item id, an answer off the scale or out of its range; the
        field names the item (and the respondent); further problems are counted.
    """
    q = q or load_questionnaire()
    known = {i.id for i in q.items}
    clean: dict[str, int] = {}
    problems: list[InputError] = []
    for item_id, value in raw.items():
        key = str(item_id).strip()
        where = f"{respondent} · {key}" if respondent else key
        if key not in known:
            problems.append(
                InputError(
                    "unknown item id",
                    field=where,
                    expected="an item id of data/readiness_items.csv",
                    found=key,
                )
            )
            continue
        try:
            point = _parse(value, key, q, where)
        except InputError as exc:
            problems.append(exc)
            continue
        if point is not None:
            clean[key] = point
    if problems:
        first = problems[0]
        if len(problems) > 1:
            others = ", ".join(p.field or "" for p in problems[1:6])
            first.message += f" (and {len(problems) - 1} more: {others})"
        raise first
    return clean


def missing_items(answers: Mapping[str, float], q: Questionnaire | None = None):
    """Ids of the questionnaire's items that ``answers`` leaves unanswered."""
    q = q or load_questionnaire()
    return [i.id for i in q.items if i.id not in answers]


# scoring ---------------------------------------------------------------------


def _item_score(item_id: str, answer: float, q: Questionnaire) -> float:
    scale = q.scale_of(item_id)
    share = answer / scale.top
    return 1.0 - share if scale.reverse else share


def stage_of(answers: Mapping[str, float], q: Questionnaire | None = None):
    """The survey stage the project goals place the organisation in.

    Parameters
    ----------
    answers
        Item id → answer; only the five goal items (progress 0–4) are read.
    q
        The questionnaire (the built-in one by default).

    Returns
    -------
    str or None
        ``not_introduced``, ``evaluating``, ``planning`` or ``built``; None when no
        goal is answered.

    Notes
    -----
    The rule, first match wins (0 not started, 1 discussed, 2 under way, 3 mostly
    done, 4 done):

    1. *built*: the pilot project is done (4) and the goals average at least 3;
    2. *planning* (the build): the infrastructure blueprint or the pilot is under
       way (at least 2);
    3. *evaluating*: some goal has at least been discussed (at least 1);
    4. *not yet introduced*: every answered goal is 0.

    The order evaluating → planning the build is our reading of the survey's terms.
    """
    q = q or load_questionnaire()
    goals = {
        i.id: answers[i.id] for i in q.items if i.section == "goal" and i.id in answers
    }
    if not goals:
        return None
    mean = sum(goals.values()) / len(goals)
    if goals.get("goal_pilot", 0) >= 4 and mean >= 3:
        return "built"
    if goals.get("goal_blueprint", 0) >= 2 or goals.get("goal_pilot", 0) >= 2:
        return "planning"
    if max(goals.values()) >= 1:
        return "evaluating"
    return "not_introduced"


def _dimension_scores(answers: Mapping[str, float], q: Questionnaire):
    scores = []
    for dim in q.scored_dimensions:
        items = q.items_of(dim.id)
        answered = [i for i in items if i.id in answers]
        if answered:
            total = sum(i.weight for i in answered)
            points = sum(
                i.weight * _item_score(i.id, answers[i.id], q) for i in answered
            )
            value = 100.0 * points / total
        else:
            value = None
        if not answered:
            status = "not_assessed"
        else:
            status = "assessed" if len(answered) == len(items) else "partial"
        scores.append(
            DimensionScore(
                id=dim.id,
                score=value,
                target=dim.target,
                answered=len(answered),
                total=len(items),
                status=status,
            )
        )
    return scores


def _verdict(index, dimensions, blockers, q: Questionnaire):
    rules = q.rules
    if index is None:
        return "not_assessed", []
    reasons = []
    if blockers:
        reasons.append("blockers")
    if index < rules.conditions_from:
        reasons.append("index_low")
    if reasons:
        return "not_ready", reasons
    weak = [
        d.id
        for d in dimensions
        if d.score is not None and d.score < rules.ready_min_dimension
    ]
    if index >= rules.ready_from and not weak:
        return "ready", []
    if index < rules.ready_from:
        reasons.append("index_conditions")
    reasons += [f"weak:{d}" for d in weak]
    return "ready_with_conditions", reasons


def score(answers: Mapping[str, float], q: Questionnaire | None = None) -> Readiness:
    """Score one set of valid answers (points, or means of several respondents).

    Parameters
    ----------
    answers
        Item id → answer on the item's scale (validated; means may be fractional).
    q
        The questionnaire (the built-in one by default).

    Returns
    -------
    Readiness
        Index, dimension scores, stage, verdict with its reasons, blockers, gaps,
        risks and the unanswered items.

    Notes
    -----
    Scoring, step by step:

    1. An item's score is its answer divided by the top of its scale (0–1); on an
       obstacle's severity scale it is turned around, ``1 - answer / top``.
    2. A dimension's score is ``100 * sum(w_i s_i) / sum(w_i)`` over its answered
       items (item weights from the data). A dimension with no answered item is
       *not assessed*: it has no score, never 0. One with some items missing is
       *partial*.
    3. The readiness index is the mean of the assessed dimensions' scores weighted
       by the dimensions' weights (they sum to 100 over all scored dimensions);
       ``coverage`` is the share of that weight assessed. The priorities (reasons
       and functional needs) do not count.
    4. A blocker is an item marked ``blocker`` whose score is at or below the
       rule's threshold (0.25: "a little" or less, or "no").
    5. Verdict: *not ready* with any blocker or an index below 50; *ready* with an
       index of at least 75 and every assessed dimension at least 50; otherwise
       *ready with conditions*. The thresholds are in ``readiness.toml``.
    6. Gaps are the dimensions below their target, largest first; risks are the
       obstacles answered at least "moderate", most severe first.
    """
    q = q or load_questionnaire()
    rules = q.rules
    dimensions = _dimension_scores(answers, q)

    # the index over the assessed dimensions, weighted
    weights = {d.id: d.weight for d in q.scored_dimensions}
    assessed = [d for d in dimensions if d.score is not None]
    total = sum(weights.values())
    carried = sum(weights[d.id] for d in assessed)
    index = (
        sum(weights[d.id] * d.score for d in assessed) / carried if carried else None
    )
    scored_items = [i for i in q.items if q.dimension(i.dimension).scored]
    missing = [i.id for i in q.items if i.id not in answers]
    partial = any(i.id not in answers for i in scored_items)

    # blockers and risks
    blockers = [
        Finding(
            item=i.id,
            dimension=i.dimension,
            answer=answers[i.id],
            score=_item_score(i.id, answers[i.id], q),
        )
        for i in scored_items
        if i.blocker
        and i.id in answers
        and _item_score(i.id, answers[i.id], q) <= rules.blocker_at_or_below + 1e-9
    ]
    risks = sorted(
        (
            Finding(
                item=i.id,
                dimension=i.dimension,
                answer=answers[i.id],
                score=_item_score(i.id, answers[i.id], q),
            )
            for i in q.items
            if i.section == "obstacle"
            and i.id in answers
            and answers[i.id] >= rules.risk_from
        ),
        key=lambda f: (-f.answer, f.item),
    )[: rules.top_risks]

    # gaps against the target profile, with the weakest items of each
    gaps = []
    for d in sorted(assessed, key=lambda d: -(d.gap or 0.0)):
        if not d.gap or d.gap <= 0:
            continue
        answered = [i for i in q.items_of(d.id) if i.id in answers]
        answered.sort(key=lambda i: _item_score(i.id, answers[i.id], q))
        weakest = [i.id for i in answered if _item_score(i.id, answers[i.id], q) < 1]
        gaps.append(
            Gap(
                dimension=d.id,
                score=d.score,
                target=d.target,
                gap=d.gap,
                weakest=weakest[:2],
            )
        )

    verdict, reasons = _verdict(index, dimensions, blockers, q)
    return Readiness(
        index=index,
        partial=partial,
        coverage=carried / total if total else 0.0,
        dimensions=dimensions,
        stage=stage_of(answers, q),
        verdict=verdict,
        verdict_reasons=reasons,
        blockers=blockers,
        gaps=gaps[: rules.top_gaps],
        risks=risks,
        missing=missing,
    )


# several respondents ---------------------------------------------------------


def combine(by_respondent: Mapping[str, Mapping[str, int]]) -> dict[str, float]:
    """Each item's mean answer over the respondents who answered it."""
    sums: dict[str, list[float]] = {}
    for answers in by_respondent.values():
        for item_id, value in answers.items():
            sums.setdefault(item_id, []).append(float(value))
    return {k: sum(v) / len(v) for k, v in sums.items()}


def _spread(dimension_id: str, values: list[float]) -> Spread:
    if not values:
        return Spread(
            dimension=dimension_id, n=0, mean=None, min=None, max=None, std=None
        )
    array = np.asarray(values)
    return Spread(
        dimension=dimension_id,
        n=len(values),
        mean=float(array.mean()),
        min=float(array.min()),
        max=float(array.max()),
        std=float(array.std()),
    )


def _disagreements(by_respondent, q: Questionnaire, top: int) -> list[Disagreement]:
    found = []
    for item in q.items:
        answers = {r: a[item.id] for r, a in by_respondent.items() if item.id in a}
        if len(answers) < 2:
            continue
        values = np.asarray(list(answers.values()), dtype=float)
        spread = float(values.max() - values.min()) / q.scale_of(item.id).top
        if spread > 0:
            found.append(
                Disagreement(
                    item=item.id,
                    answers=answers,
                    range=spread,
                    std=float(values.std()),
                )
            )
    found.sort(key=lambda d: (-d.range, -d.std, d.item))
    return found[:top]


def assess(
    by_respondent: Mapping[str, Mapping[str, object]],
    q: Questionnaire | None = None,
    top_disagreements: int = 5,
) -> Assessment:
    """Validate and score several respondents' answers, and compare them.

    Parameters
    ----------
    by_respondent
        Respondent → item id → answer (as :func:`validate_answers` accepts).
    q
        The questionnaire (the built-in one by default).
    top_disagreements
        How many items to list where respondents disagree most.

    Returns
    -------
    Assessment
        The group's readiness (scored on each item's mean answer), each
        respondent's, the spread of dimension scores and the disagreements.

    Notes
    -----
    Spread is over the respondents who assessed the dimension: mean, min, max and
    the population standard deviation of their dimension scores. Disagreement on
    an item is the range of the answers as a share of the scale (so that 0–2 and
    0–4 scales compare), ties broken by the standard deviation in points.
    """
    q = q or load_questionnaire()
    clean = {
        name: validate_answers(
            answers, q, respondent=name if len(by_respondent) > 1 else None
        )
        for name, answers in by_respondent.items()
    }
    combined = combine(clean)
    each = {name: score(answers, q) for name, answers in clean.items()}
    spread = [
        _spread(
            d.id,
            [
                r.dimension(d.id).score
                for r in each.values()
                if r.dimension(d.id).score is not None
            ],
        )
        for d in q.scored_dimensions
    ]
    return Assessment(
        group=score(combined, q),
        respondents=each,
        spread=spread,
        disagreements=_disagreements(clean, q, top_disagreements),
        combined=combined,
    )


# weights for the vendor evaluation -------------------------------------------


def _shares(values: Mapping[str, float]) -> dict[str, float]:
    total = sum(values.values())
    return {k: v / total for k, v in values.items()} if total > 0 else {}


def propose_weights(
    answers: Mapping[str, float],
    areas: Sequence[Criterion],
    q: Questionnaire | None = None,
) -> WeightProposal | None:
    """Pillar shares and area weights that follow from reasons and needs.

    Parameters
    ----------
    answers
        Item id → answer; the reason and need items (importance 0–4) are read.
    areas
        The evaluation's criteria; those with a CRM pillar are weighted.
    q
        The questionnaire (the built-in one by default).

    Returns
    -------
    WeightProposal or None
        None when no reason or need with a pillar is rated above 0, or when no
        criterion has a pillar.

    Notes
    -----
    1. Reasons: each reason's importance is split over the pillars it links to
       (``links`` in the data, e.g. customer analysis → MA and AN equally); the
       pillar sums, as shares, are the reasons' proposal.
    2. Needs: an area's need is the mean importance of the need items that link to
       it; a pillar's need is the mean over its areas that have one; as shares,
       the needs' proposal.
    3. A pillar's share is the mean of the two proposals (or the one answered).
    4. Within a pillar, areas share its weight in proportion to their needs (an
       area without an answer takes its pillar's mean need; all-zero: equally).
       Points are scaled so that the largest is 100.
    """
    q = q or load_questionnaire()
    pillar_of = {c.id: c.pillar for c in areas if c.pillar}
    pillars = sorted(set(pillar_of.values()))
    if not pillars:
        return None

    # 1. reasons → pillars
    from_reasons: dict[str, float] = dict.fromkeys(pillars, 0.0)
    contributions: dict[str, dict[str, float]] = {p: {} for p in pillars}
    for item in q.items:
        if item.section != "reason" or item.id not in answers:
            continue
        links = {p: s for p, s in item.link_shares().items() if p in from_reasons}
        for pillar, share in _shares(links).items():
            amount = answers[item.id] * share
            from_reasons[pillar] += amount
            contributions[pillar][item.id] = amount
    reasons = _shares(from_reasons)

    # 2. needs → areas → pillars
    heard: dict[str, list[float]] = {}
    for item in q.items:
        if item.section == "need" and item.id in answers:
            for area in item.link_shares():
                if area in pillar_of:
                    heard.setdefault(area, []).append(answers[item.id])
    need = {a: sum(v) / len(v) for a, v in heard.items()}
    pillar_need = {}
    for p in pillars:
        values = [need[a] for a in pillar_of if pillar_of[a] == p and a in need]
        pillar_need[p] = sum(values) / len(values) if values else 0.0
    needs = _shares(pillar_need) if need else {}

    # 3. the pillars' shares
    sources = [s for s in (reasons, needs) if s]
    if not sources:
        return None
    shares = {p: sum(s.get(p, 0.0) for s in sources) / len(sources) for p in pillars}

    # 4. areas within their pillar, then points
    weights, area_need, defaulted = {}, {}, []
    for area, pillar in pillar_of.items():
        if area not in need:
            defaulted.append(area)
        area_need[area] = need.get(area, pillar_need[pillar] if need else 1.0)
    for p in pillars:
        members = [a for a in pillar_of if pillar_of[a] == p]
        total = sum(area_need[a] for a in members)
        for a in members:
            part = area_need[a] / total if total > 0 else 1 / len(members)
            weights[a] = shares[p] * part
    top = max(weights.values())
    if top <= 0:
        return None
    drivers = {
        p: sorted((k for k, v in c.items() if v > 0), key=lambda k: -c[k])
        for p, c in contributions.items()
    }
    return WeightProposal(
        pillars=shares,
        from_reasons=reasons,
        from_needs=needs,
        areas={a: round(100.0 * w / top, 1) for a, w in weights.items()},
        area_need=area_need,
        defaulted=defaulted,
        drivers=drivers,
    )


def proposal_lines(
    proposal: WeightProposal,
    areas: Sequence[Criterion],
    pillar_labels: Mapping[str, str],
    lang: str,
    q: Questionnaire | None = None,
) -> list[str]:
    """The reasoning of a proposal, one sentence a line, in ``lang``."""
    q = q or load_questionnaire()
    lines = []
    if not proposal.from_reasons or not proposal.from_needs:
        side = "side_needs" if proposal.from_needs else "side_reasons"
        lines.append(q.say("one_side", lang, side=q.say(side, lang)))
    for pillar, share in sorted(proposal.pillars.items(), key=lambda kv: -kv[1]):
        label = pillar_labels.get(pillar, pillar)
        lines.append(
            q.say(
                "pillar_line",
                lang,
                pillar=label,
                share=100 * share,
                reasons_share=100 * proposal.from_reasons.get(pillar, 0.0),
                needs_share=100 * proposal.from_needs.get(pillar, 0.0),
            )
        )
        if proposal.drivers.get(pillar):
            sep = "、" if lang == "zh" else "; "
            items = sep.join(
                q.item(i).label(lang).rstrip("。.") for i in proposal.drivers[pillar]
            )
            lines.append(q.say("driver_line", lang, pillar=label, items=items))
    for area in sorted(proposal.areas, key=lambda a: -proposal.areas[a]):
        label = next((c.label(lang) for c in areas if c.id == area), area)
        key = "area_default" if area in proposal.defaulted else "area_line"
        lines.append(
            q.say(
                key,
                lang,
                area=label,
                points=proposal.areas[area],
                need=proposal.area_need[area],
            )
        )
    return lines
