"""The SQLite store: the working state survives a restart; projects stay apart."""

from __future__ import annotations

import sqlite3

import pytest

from scoring.errors import InputError
from scoring.models import Policies
from scoring.store import Scenario, Store, default_url


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'studio.sqlite3'}"


def test_default_url_is_a_file_in_the_data_directory(data_dir):
    assert default_url() == f"sqlite:///{data_dir / 'studio.sqlite3'}"


def test_database_url_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_STUDIO_DB_URL", "sqlite:///" + str(tmp_path / "x.db"))
    assert default_url().endswith("x.db")


def test_working_scenario_comes_back_after_a_restart(url, tmp_path):
    scenario = Scenario(
        segment="mid",
        weights={"call_response": 3.0, "e_service": 1.0},
        policies=Policies(partner_score=0.4, unknown="rescale"),
    )
    Store(url).save_working(scenario)
    assert Store(url).load_working() == scenario  # a new process opens the file
    # it is a real SQLite file
    with sqlite3.connect(tmp_path / "studio.sqlite3") as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master")}
    assert {"projects", "evaluators", "scenarios", "settings"} <= names


def test_working_scenario_is_overwritten_not_duplicated(url):
    store = Store(url)
    store.save_working(Scenario(segment="large"))
    store.save_working(Scenario(segment="mid"))
    assert store.load_working().segment == "mid"
    assert store.scenario_names() == []


def test_named_scenarios(url):
    store = Store(url)
    store.save_scenario("Cost first", Scenario(weights={"e_service": 5.0}))
    store.save_scenario("  成本優先 ", Scenario(weights={"e_service": 1.0}))
    assert store.scenario_names() == ["Cost first", "成本優先"]
    assert store.load_scenario("成本優先").weights == {"e_service": 1.0}
    store.delete_scenario("Cost first")
    assert store.scenario_names() == ["成本優先"]
    assert store.load_scenario("Cost first") is None


@pytest.mark.parametrize("name", ["", "   "])
def test_a_scenario_needs_a_real_name(url, name):
    with pytest.raises(InputError, match="needs a name"):
        Store(url).save_scenario(name, Scenario())


@pytest.mark.parametrize("name", ["__working__", "__working__:large"])
def test_the_working_names_are_reserved(url, name):
    with pytest.raises(InputError, match="reserved"):
        Store(url).save_scenario(name, Scenario())


def test_every_segment_keeps_its_own_working_state(url):
    store = Store(url)
    store.save_working(Scenario(segment="large", weights={"e_service": 9.0}))
    store.save_working(Scenario(segment="mid", weights={"field_sales": 4.0}))
    again = Store(url)
    assert again.load_working().segment == "mid"
    assert again.load_working("large").weights == {"e_service": 9.0}
    assert again.load_working("mid").weights == {"field_sales": 4.0}
    assert again.scenario_names() == []


def test_a_data_directory_that_is_a_file_is_named(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CRM_STUDIO_DATA_DIR", str(blocker))
    with pytest.raises(InputError) as info:
        default_url()
    assert info.value.field == "CRM_STUDIO_DATA_DIR"
    assert str(blocker) in str(info.value)


def test_a_url_that_does_not_parse_is_reported(monkeypatch):
    monkeypatch.setenv("CRM_STUDIO_DB_URL", "garbage")
    with pytest.raises(InputError) as info:
        Store()
    assert info.value.field == "CRM_STUDIO_DB_URL"
    assert "not a database URL" in str(info.value)


def test_projects_and_evaluators_are_kept_apart(url):
    Store(url, project="A", evaluator="ann").save_working(Scenario(segment="mid"))
    Store(url, project="A", evaluator="bob").save_working(Scenario(segment="large"))
    assert Store(url, project="A", evaluator="ann").load_working().segment == "mid"
    assert Store(url, project="A", evaluator="bob").load_working().segment == "large"
    assert Store(url, project="B", evaluator="ann").load_working() is None


def test_settings(url):
    store = Store(url)
    assert store.get_setting("language", "zh") == "zh"
    store.set_setting("language", "en")
    store.set_setting("language", "en")
    assert Store(url).get_setting("language") == "en"


def test_an_unreadable_scenario_is_ignored_not_fatal(url, tmp_path):
    store = Store(url)
    store.save_working(Scenario())
    with sqlite3.connect(tmp_path / "studio.sqlite3") as conn:
        conn.execute("update scenarios set payload = '{\"segment\": 5'")
    assert store.load_working() is None


def test_an_unusable_url_is_reported_without_the_password():
    with pytest.raises(InputError) as info:
        Store("nosuchdialect://user:secret@localhost/db")
    assert "secret" not in str(info.value)
    assert info.value.field == "CRM_STUDIO_DB_URL"


def test_an_imported_data_set_comes_back_identical(url):
    from scoring.builtin import load_market

    evaluation = load_market("mid").with_weights({"e_service": 0.1 + 0.2})
    store = Store(url, project="A")
    store.save_dataset("Mid 2001 · 中型", evaluation)
    again = Store(url, project="A").load_dataset("Mid 2001 · 中型")
    assert again == evaluation
    assert again.ratings == evaluation.ratings
    assert Store(url, project="B").dataset_names() == []
    store.delete_dataset("Mid 2001 · 中型")
    assert store.dataset_names() == []


def test_a_damaged_data_set_is_refused_not_half_read(url, tmp_path):
    from scoring.builtin import load_market

    store = Store(url)
    store.save_dataset("x", load_market("large"))
    with sqlite3.connect(tmp_path / "studio.sqlite3") as conn:
        conn.execute("update datasets set payload = replace(payload, '\"P\"', '\"Q\"')")
    assert store.load_dataset("x") is None


def test_a_data_set_keeps_its_metadata_literally(url):
    import pandas as pd

    from scoring.builtin import load_market

    evaluation = load_market("mid")
    metadata = pd.DataFrame(
        {"Region": ["NA", "EMEA", None, "NA", "APAC"], "Delta": [-15, 0.5, 2, 3, 4]},
        index=[v.name for v in evaluation.vendors],
    )
    store = Store(url)
    store.save_dataset("with notes", evaluation, metadata)
    again = store.load_dataset_metadata("with notes")
    assert again.loc["Applix", "Region"] == "NA"  # a region, not "not available"
    assert again.loc["FrontRange", "Region"] is None
    assert again.loc["Applix", "Delta"] == -15
    assert store.load_dataset("with notes") == evaluation
