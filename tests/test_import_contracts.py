"""The layer contracts in pyproject.toml catch what they promise to: each is run against a
copy of the package with one deliberate violation added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts over the package copy in `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contracts")
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        (
            "tui/_violation.py",
            "import branchtui.storage.database\n",
            "The app reaches data through the domain's Workspace",
        ),
        ("tui/_violation.py", "import sqlmodel\n", "The app reaches data through"),
        ("domain/_violation.py", "import textual\n", "The headless core never imports Textual"),
        ("cli/_violation.py", "import branchtui.tui\n", "The CLI never builds the App"),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    target = tree / "src" / "branchtui" / module
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(line)
    try:
        result = lint_imports(tree)
    finally:
        target.unlink()
    assert result.returncode != 0, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in result.stdout.splitlines()), result.stdout
    assert broken, result.stdout


def test_the_package_as_it_is_keeps_every_contract(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout
