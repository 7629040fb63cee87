"""Words a branch secretary would not correct (issue 10, finding 8): the status `review` is
待审核, a dry run is a 预览, and English says "1 step", not "1 steps"."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CliRunner

JULY = {"BRANCHTUI_TODAY": "2024-07-01"}


def test_review_is_awaiting_approval(cli_db: CliRunner) -> None:
    cli_db("item add 走访一线职工 --year 2024")
    cli_db("item set 1 --status review --year 2024")
    assert "待审核" in cli_db("item list --year 2024").out
    status = cli_db("status --year 2024", **JULY).out
    assert "待审核 1" in status and "待验证" not in status


def test_a_dry_run_is_a_preview(cli_db: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("2025年党建工作计划\n一是深化理论武装，每月集中学习。\n", encoding="utf-8")
    out = cli_db(f"import-plan {plan} --dry-run").out
    assert out.startswith("预览：将导入 1 项到 2025 年计划（未写入）：")
    assert "试运行" not in out


def test_english_counts_one_thing_in_the_singular(cli_db: CliRunner) -> None:
    cli_db("item add Study --year 2024")
    cli_db("task add 1 Plan")
    refused = cli_db("item done 1 --lang en")
    assert refused.code == 1
    assert "1 step is still open: tick it first, or add --close-steps" in refused.err
    assert "Plan 2024 (1 item)" in cli_db("item list --year 2024 --lang en").out
    cli_db("task add 1 Report")
    assert "2 steps are still open" in cli_db("item done 1 --lang en").err
