"""`branchtui status`: the shape of --json, --check's exit code, and the light import path."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRunner, heavy_modules_loaded


def test_status_json_shape_and_counts(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 6.30 --year 2024")
    cli_db("item add 二 --due 8.20 --year 2024")
    cli_db("item add 三 --year 2024")
    cli_db("item set 2 --progress 50")
    cli_db("item done 3")
    result = cli_db("status --json --year 2024", BRANCHTUI_TODAY="2024-07-01")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["year"] == 2024 and data["today"] == "2024-07-01"
    assert data["branch"] == "XX党支部"
    plan = data["plan"]
    assert plan["total"] == 3
    assert plan["by_status"] == {
        "todo": 2,
        "doing": 0,
        "review": 0,
        "done": 1,
        "blocked": 0,
        "cancelled": 0,
    }
    assert plan["percent"] == 50.0  # (0 + 50 + 100) / 3
    assert plan["overdue"] == [
        {"id": 1, "number": 1, "title": "一", "due": "2024-06-30", "owner": None}
    ]
    assert data["members"]["by_stage"] == {
        "applicant": 0,
        "activist": 0,
        "candidate": 0,
        "probationary": 0,
        "full": 0,
    }


def test_cancelled_items_do_not_count_in_percent(cli_db: CliRunner) -> None:
    cli_db("item add 一 --year 2024")
    cli_db("item add 二 --year 2024")
    cli_db("item set 1 --progress 80")
    cli_db("item set 2 --status cancelled")
    data = json.loads(cli_db("status --json --year 2024").out)
    assert data["plan"]["percent"] == 80.0


def test_check_exit_code(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 2024-06-30 --year 2024")
    assert cli_db("status --check --year 2024", BRANCHTUI_TODAY="2024-06-30").code == 0
    late = cli_db("status --check --year 2024", BRANCHTUI_TODAY="2024-07-01")
    assert late.code == 3
    assert "2024-06-30" in late.out
    cli_db("item done 1")
    assert cli_db("status --check --year 2024", BRANCHTUI_TODAY="2024-07-01").code == 0


def test_text_in_english_has_no_chinese_but_data(cli_db: CliRunner) -> None:
    cli_db("item add 一 --due 6.30 --year 2024")
    out = cli_db("status --lang en --year 2024", BRANCHTUI_TODAY="2024-07-01").out
    assert "Done 0/1" in out and "1 overdue" in out
    import re

    assert not re.search(r"[\u4e00-\u9fff]", out.replace("XX党支部", "").replace("一", ""))


def test_missing_database_is_one_clear_line(cli: CliRunner, tmp_path: Path) -> None:
    result = cli(f"status --db {tmp_path / 'none.db'} --lang en")
    assert result.code == 1
    assert result.err.strip().count("\n") == 0 and "branchtui init" in result.err


def test_status_loads_no_heavy_module(cli_db: CliRunner, db_path: Path) -> None:
    """The quick path: a real process, then a look at what it imported."""
    assert heavy_modules_loaded(["status", "--db", str(db_path)]) == ([], 0)


def test_due_soon_follows_the_rules_setting(cli_db: CliRunner, tmp_path: Path) -> None:
    cli_db("item add 一 --due 2024-07-10 --year 2024")
    cli_db("item add 二 --due 2024-07-20 --year 2024")
    cli_db("item add 三 --due 2024-07-05 --year 2024")
    cli_db("item done 3")
    today = {"BRANCHTUI_TODAY": "2024-07-01"}
    data = json.loads(cli_db("status --json --year 2024", **today).out)
    assert data["plan"]["due_soon"] == 1  # 14 days: 07-10 only; 07-05 is done
    config = tmp_path / "rules.toml"
    config.write_text("[rules]\ndue_soon_days = 30\n", encoding="utf-8")
    wider = cli_db(f"status --year 2024 --config {config} --lang en", **today)
    assert "2 due within 30 days" in wider.out


def test_an_empty_year_points_to_the_years_that_have_plans(cli_db: CliRunner) -> None:
    cli_db("item add 一 --year 2023")
    cli_db("item add 二 --year 2024")
    out = cli_db("status --year 2025 --lang en").out
    assert "No plan items this year; plans exist for 2023, 2024" in out
    assert "plans exist" not in cli_db("status --year 2024 --lang en").out
