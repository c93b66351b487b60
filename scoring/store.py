"""Saving work: projects, evaluators, scenarios and settings in a SQL database.

SQLite is the default: a single file ``studio.sqlite3`` in the data directory, which
``CRM_STUDIO_DATA_DIR`` moves (default ``~/.crm-studio``). ``CRM_STUDIO_DB_URL``
replaces it with any SQLAlchemy URL, for instance a PostgreSQL server
(``postgresql+psycopg://user@host/db``, with the ``psycopg`` driver installed).

The schema already has room for several projects and several evaluators: every
scenario belongs to a project and, optionally, to an evaluator. A scenario's content
is a JSON document (:class:`Scenario`), so adding a field to it needs no migration.
One scenario per project and evaluator is the *working* one, the state the app
restores after a reload or a restart; the others are named, saved on request.
Imported evaluations are kept per project as *data sets* (see
:mod:`scoring.payload`), so that every evaluator of a project sees the same data.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scoring.errors import InputError
from scoring.gates import Gate
from scoring.models import Evaluation, Policies
from scoring.payload import (
    evaluation_from_payload,
    evaluation_to_payload,
    metadata_from_payload,
)
from scoring.tco import Costs

__all__ = ["DecisionChoices", "Scenario", "Store", "default_url"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
WORKING = "__working__"

metadata = sa.MetaData()

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

evaluators = sa.Table(
    "evaluators",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.UniqueConstraint("project_id", "name"),
)

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id"), nullable=False),
    sa.Column("evaluator_id", sa.ForeignKey("evaluators.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("project_id", "evaluator_id", "name"),
)

datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("project_id", "name"),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id"), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)


class DecisionChoices(BaseModel):
    """The decision-science choices of one segment; every field has a default, so
    scenarios saved before these existed still load.

    Attributes
    ----------
    local_weights
        Raw local weight of each node of the criteria tree (missing: 1).
    extra_ratings
        Vendor → non-functional sub-criterion → the cell as typed (``7``, ``N/A``,
        ``P``); a missing cell is unknown.
    gates
        Must-haves; vendors failing one are not ranked.
    costs, tco_years, discount_rate, tco_in_score
        Money per vendor, the period and rate of the TCO, and whether the TCO
        enters the score as a cost criterion.
    method, method_normalization
        The method shown beside the weighted sum, and its normalisation (None: the
        method's default).
    ahp_judgements
        Evaluator → ``"row|column"`` (criterion ids) → judgement on Saaty's scale.
    """

    model_config = ConfigDict(frozen=True)

    local_weights: dict[str, float] = Field(default_factory=dict)
    extra_ratings: dict[str, dict[str, str]] = Field(default_factory=dict)
    gates: list[Gate] = Field(default_factory=list)
    costs: dict[str, Costs] = Field(default_factory=dict)
    tco_years: int = Field(default=5, ge=1, le=50)
    discount_rate: float = Field(default=0.0, ge=0.0, lt=1.0)
    tco_in_score: bool = False
    method: str = "wsm"
    method_normalization: str | None = None
    ahp_judgements: dict[str, dict[str, float]] = Field(default_factory=dict)


class Scenario(BaseModel):
    """What a person chose: the segment, the weights and the scoring policies, and
    the decision-science choices for that segment."""

    model_config = ConfigDict(frozen=True)

    segment: str = "large"
    weights: dict[str, float] = Field(default_factory=dict)
    policies: Policies = Policies()
    decision: DecisionChoices = Field(default_factory=DecisionChoices)


def default_url() -> str:
    """The database URL from the environment, or the SQLite file's."""
    url = os.environ.get("CRM_STUDIO_DB_URL")
    if url:
        return url
    folder = Path(
        os.environ.get("CRM_STUDIO_DATA_DIR") or Path.home() / ".crm-studio"
    ).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot use the data directory: {exc.strerror}",
            field="CRM_STUDIO_DATA_DIR",
            expected="a directory that can be created and written",
            found=str(folder),
        ) from None
    return f"sqlite:///{folder / 'studio.sqlite3'}"


def _safe_url(url: str) -> str:
    """The URL without its password, or a placeholder when it does not parse."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return "(not a database URL)"


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The database behind the app; every call is its own short transaction.

    Parameters
    ----------
    url
        SQLAlchemy database URL; :func:`default_url` when omitted.
    project, evaluator
        Whose work this store reads and writes. Both are created on first use.
    """

    def __init__(
        self,
        url: str | None = None,
        project: str = "default",
        evaluator: str = "default",
    ) -> None:
        from_data_dir = url is None and not os.environ.get("CRM_STUDIO_DB_URL")
        self.url = url or default_url()
        try:
            self.engine = sa.create_engine(self.url)
            metadata.create_all(self.engine)
        except (sa.exc.SQLAlchemyError, ImportError, ValueError) as exc:
            raise InputError(
                f"cannot open the database: {exc.__class__.__name__}: {exc}",
                field="CRM_STUDIO_DATA_DIR" if from_data_dir else "CRM_STUDIO_DB_URL",
                found=_safe_url(self.url),
            ) from None
        with self.engine.begin() as conn:
            if conn.execute(sa.select(schema_info.c.version)).first() is None:
                conn.execute(schema_info.insert().values(version=SCHEMA_VERSION))
        self.project_id = self._ensure_project(project)
        self.evaluator_id = self._ensure_evaluator(evaluator)

    def _ensure_project(self, name: str) -> int:
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(projects.c.id).where(projects.c.name == name)
            ).first()
            if row:
                return row[0]
            result = conn.execute(
                projects.insert().values(name=name, created_at=_now())
            )
            return result.inserted_primary_key[0]

    def _ensure_evaluator(self, name: str) -> int:
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(evaluators.c.id).where(
                    evaluators.c.project_id == self.project_id,
                    evaluators.c.name == name,
                )
            ).first()
            if row:
                return row[0]
            result = conn.execute(
                evaluators.insert().values(project_id=self.project_id, name=name)
            )
            return result.inserted_primary_key[0]

    # scenarios ---------------------------------------------------------------

    def _where(self, name: str) -> Any:
        return sa.and_(
            scenarios.c.project_id == self.project_id,
            scenarios.c.evaluator_id == self.evaluator_id,
            scenarios.c.name == name,
        )

    def _put(self, name: str, scenario: Scenario) -> None:
        payload = scenario.model_dump_json()
        with self.engine.begin() as conn:
            updated = conn.execute(
                scenarios.update()
                .where(self._where(name))
                .values(payload=payload, updated_at=_now())
            )
            if updated.rowcount == 0:
                conn.execute(
                    scenarios.insert().values(
                        project_id=self.project_id,
                        evaluator_id=self.evaluator_id,
                        name=name,
                        payload=payload,
                        updated_at=_now(),
                    )
                )

    def _get(self, name: str) -> Scenario | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(scenarios.c.payload).where(self._where(name))
            ).first()
        if row is None:
            return None
        try:
            return Scenario.model_validate_json(row[0])
        except ValidationError as exc:
            log.warning("scenario %r in the store is unreadable: %s", name, exc)
            return None

    def save_working(self, scenario: Scenario) -> None:
        """Remember the current state, restored by :meth:`load_working`.

        It is kept twice: as the latest state, and as the state of its segment, so
        that the choices made on every segment come back, not only the last one's.
        """
        self._put(WORKING, scenario)
        self._put(f"{WORKING}:{scenario.segment}", scenario)

    def load_working(self, segment: str | None = None) -> Scenario | None:
        """The latest working state, or the last one on ``segment``."""
        return self._get(WORKING if segment is None else f"{WORKING}:{segment}")

    def save_scenario(self, name: str, scenario: Scenario) -> None:
        """Save (or overwrite) a named scenario."""
        name = name.strip()
        if not name:
            raise InputError(
                "a scenario needs a name",
                field="scenario name",
                expected="a non-empty name",
                found=name,
            )
        if name.startswith(WORKING):
            raise InputError(
                "this name is reserved for the working state",
                field="scenario name",
                expected=f"a name that does not begin with {WORKING}",
                found=name,
            )
        self._put(name, scenario)
        log.info("scenario %r saved", name)

    def load_scenario(self, name: str) -> Scenario | None:
        return self._get(name)

    def delete_scenario(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(scenarios.delete().where(self._where(name)))

    def scenario_names(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(scenarios.c.name)
                .where(
                    scenarios.c.project_id == self.project_id,
                    scenarios.c.evaluator_id == self.evaluator_id,
                    ~scenarios.c.name.startswith(WORKING, autoescape=True),
                )
                .order_by(scenarios.c.name)
            ).all()
        return [r[0] for r in rows]

    # datasets ----------------------------------------------------------------

    def save_dataset(
        self, name: str, evaluation: Evaluation, metadata: pd.DataFrame | None = None
    ) -> None:
        """Keep an imported evaluation (and its metadata columns) under ``name``.

        A data set of the same name is replaced.
        """
        name = name.strip()
        if not name:
            raise InputError(
                "a data set needs a name", field="data set name", found=name
            )
        payload = json.dumps(
            evaluation_to_payload(evaluation, metadata), ensure_ascii=False
        )
        where = sa.and_(
            datasets.c.project_id == self.project_id, datasets.c.name == name
        )
        with self.engine.begin() as conn:
            updated = conn.execute(
                datasets.update()
                .where(where)
                .values(payload=payload, updated_at=_now())
            )
            if updated.rowcount == 0:
                conn.execute(
                    datasets.insert().values(
                        project_id=self.project_id,
                        name=name,
                        payload=payload,
                        updated_at=_now(),
                    )
                )
        log.info("data set %r saved (%d vendors)", name, len(evaluation.vendors))

    def _dataset_payload(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(datasets.c.payload).where(
                    datasets.c.project_id == self.project_id, datasets.c.name == name
                )
            ).first()
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except ValueError as exc:
            log.warning("data set %r in the store is unreadable: %s", name, exc)
            return None

    def load_dataset(self, name: str) -> Evaluation | None:
        """The data set called ``name``; None if absent or unreadable."""
        payload = self._dataset_payload(name)
        if payload is None:
            return None
        try:
            return evaluation_from_payload(payload)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("data set %r in the store is unreadable: %s", name, exc)
            return None

    def load_dataset_metadata(self, name: str) -> pd.DataFrame | None:
        """The metadata columns kept with the data set ``name`` (None if none)."""
        payload = self._dataset_payload(name)
        if payload is None:
            return None
        try:
            return metadata_from_payload(payload)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("metadata of data set %r is unreadable: %s", name, exc)
            return None

    def dataset_names(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(datasets.c.name)
                .where(datasets.c.project_id == self.project_id)
                .order_by(datasets.c.name)
            ).all()
        return [r[0] for r in rows]

    def delete_dataset(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                datasets.delete().where(
                    datasets.c.project_id == self.project_id, datasets.c.name == name
                )
            )

    # settings ----------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(settings.c.value).where(
                    settings.c.project_id == self.project_id, settings.c.key == key
                )
            ).first()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        text = json.dumps(value)
        with self.engine.begin() as conn:
            updated = conn.execute(
                settings.update()
                .where(settings.c.project_id == self.project_id, settings.c.key == key)
                .values(value=text)
            )
            if updated.rowcount == 0:
                conn.execute(
                    settings.insert().values(
                        project_id=self.project_id, key=key, value=text
                    )
                )
