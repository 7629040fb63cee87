"""Setting up from the command line: `init`, `backup`, `demo --db`, global options anywhere,
exit codes, one-line errors (a traceback only with BRANCHTUI_DEBUG=1), help in zh and en."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.storage.helpers import query

CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def one_error_line(err: str, lang: str, user_words: tuple[str, ...] = ()) -> str:
    """The single stderr line, with its translated prefix; English carries no CJK but the
    user's own words."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    if lang == "zh":
        assert line.startswith("错误："), line
    else:
        assert line.startswith("Error: "), line
        bare = line
        for word in user_words:
            bare = bare.replace(word, "")
        assert not CJK.search(bare), line
    return line


def branch_name(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT name FROM branch").fetchall()
    finally:
        connection.close()
    assert len(rows) == 1
    return str(rows[0][0])


# --- init ---------------------------------------------------------------------------------


def test_init_creates_the_database_then_finds_it_up_to_date(cli: CliRunner, db_path: Path) -> None:
    first = cli(["init", "--db", str(db_path)])

    assert first.code == 0, first.err
    assert first.out == f"已创建数据库：{db_path}\n党支部：XX党支部\n"
    assert first.err == ""
    assert branch_name(db_path) == "XX党支部"

    again = cli(["init", "--db", str(db_path)])
    assert again.code == 0, again.err
    assert again.out == f"数据库已是最新结构：{db_path}\n党支部：XX党支部\n"


def test_init_in_english(cli: CliRunner, db_path: Path) -> None:
    first = cli(["init", "--db", str(db_path), "--lang", "en"])
    assert first.out == f"Database created: {db_path}\nBranch: XX党支部\n"
    again = cli(["--lang", "en", "init", "--db", str(db_path)])
    assert again.out == f"The database is up to date: {db_path}\nBranch: XX党支部\n"


def test_init_name_stores_and_renames_the_branch(cli: CliRunner, db_path: Path) -> None:
    created = cli(["init", "--db", str(db_path), "--name", "第一党支部"])
    assert created.code == 0, created.err
    assert created.out.endswith("党支部：第一党支部\n")
    assert branch_name(db_path) == "第一党支部"

    # Without --name the stored name stays, whatever the configuration says.
    assert cli(["init", "--db", str(db_path)]).out.endswith("党支部：第一党支部\n")

    renamed = cli(["init", "--name", "第二党支部", "--db", str(db_path)])
    assert renamed.code == 0, renamed.err
    assert renamed.out == f"数据库已是最新结构：{db_path}\n党支部：第二党支部\n"
    assert branch_name(db_path) == "第二党支部"


def test_the_configured_name_is_used_only_when_the_database_is_created(
    cli: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    file = tmp_path / "c.toml"
    file.write_text('[branch]\nname = "机关第三党支部"\n', encoding="utf-8")
    assert cli(["init", "--db", str(db_path), "--config", str(file)]).out.endswith(
        "党支部：机关第三党支部\n"
    )
    file.write_text('[branch]\nname = "别的名字"\n', encoding="utf-8")
    assert cli(["init", "--db", str(db_path), "--config", str(file)]).out.endswith(
        "党支部：机关第三党支部\n"
    )
    assert branch_name(db_path) == "机关第三党支部"


def test_the_database_may_come_from_the_variable_or_the_config(
    cli: CliRunner, tmp_path: Path
) -> None:
    by_variable = tmp_path / "env.db"
    assert cli("init", BRANCHTUI_DB=str(by_variable)).code == 0
    assert by_variable.is_file()

    by_config = tmp_path / "conf.db"
    file = tmp_path / "c.toml"
    file.write_text(f'[database]\nurl = "sqlite:///{by_config}"\n', encoding="utf-8")
    result = cli(["init", "--config", str(file)])
    assert result.code == 0, result.err
    assert by_config.is_file()


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--db", "{db}", "init"], "zh"),
        (["init", "--db", "{db}"], "zh"),
        (["init", "--db={db}"], "zh"),
        (["--lang", "en", "init", "--db", "{db}"], "en"),
        (["init", "--db", "{db}", "--lang", "en"], "en"),
        (["--lang=en", "--db", "{db}", "init"], "en"),
    ],
)
def test_global_options_stand_before_or_after_the_command(
    cli: CliRunner, db_path: Path, argv: list[str], lang: str
) -> None:
    result = cli([word.replace("{db}", str(db_path)) for word in argv])

    assert result.code == 0, result.err
    assert db_path.is_file()
    expected = "Database created: " if lang == "en" else "已创建数据库："
    assert result.out.startswith(expected + str(db_path) + "\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_on_a_file_that_is_not_a_database(cli: CliRunner, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议记录\n", encoding="utf-8")

    result = cli(["init", "--db", str(path), "--lang", lang])

    assert result.code == 1
    assert result.out == ""
    line = one_error_line(result.err, lang)
    assert str(path) in line
    assert ("不是 SQLite 数据库" if lang == "zh" else "is not an SQLite database") in line
    assert path.read_text(encoding="utf-8") == "会议记录\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_refuses_a_database_that_is_not_sqlite(cli: CliRunner, lang: str) -> None:
    result = cli(["init", "--db", "postgresql://server/branch", "--lang", lang])
    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert "postgresql://server/branch" in line
    assert ("只支持 SQLite" if lang == "zh" else "only SQLite is supported") in line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_read_only_does_not_rename(cli: CliRunner, db_path: Path, lang: str) -> None:
    assert cli(["init", "--db", str(db_path), "--name", "一支部"]).code == 0

    result = cli(["init", "--db", str(db_path), "--name", "二支部", "--read-only", "--lang", lang])

    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert ("只读模式" if lang == "zh" else "Read-only") in line
    assert "--read-only" in line
    assert branch_name(db_path) == "一支部"


# --- backup -------------------------------------------------------------------------------


def test_backup_copies_the_database(cli_db: CliRunner, tmp_path: Path) -> None:
    dest = tmp_path / "copies" / "branch-copy.db"
    dest.parent.mkdir()

    result = cli_db(["backup", str(dest)])

    assert result.code == 0, result.err
    assert result.out == f"已备份到 {dest}\n"
    assert branch_name(dest) == "XX党支部"


def test_backup_into_a_directory_names_the_copy(cli_db: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()

    result = cli_db(["--lang", "en", "backup", str(folder)])

    assert result.code == 0, result.err
    copies = list(folder.iterdir())
    assert len(copies) == 1
    assert re.fullmatch(r"branch-\d{8}-\d{6}\.db", copies[0].name)
    assert result.out == f"Backed up to {copies[0]}\n"
    assert branch_name(copies[0]) == "XX党支部"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_backup_never_overwrites(cli_db: CliRunner, tmp_path: Path, lang: str) -> None:
    dest = tmp_path / "old.db"
    dest.write_bytes(b"an older copy")

    result = cli_db(["backup", str(dest), "--lang", lang])

    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert str(dest) in line
    assert ("备份目标已存在" if lang == "zh" else "The backup target exists") in line
    assert dest.read_bytes() == b"an older copy"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_backup_of_a_missing_database(cli: CliRunner, tmp_path: Path, lang: str) -> None:
    missing = tmp_path / "none.db"
    dest = tmp_path / "copy.db"

    result = cli(["backup", str(dest), "--db", str(missing), "--lang", lang])

    assert result.code == 1
    assert result.out == ""
    line = one_error_line(result.err, lang)
    expected = (
        f"数据库 {missing} 不存在，请先运行 branchtui init"
        if lang == "zh"
        else f"The database {missing} does not exist: run branchtui init first"
    )
    assert line.endswith(expected)
    assert not missing.exists()
    assert not dest.exists()


# --- demo ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_db_refuses_a_file_with_data(cli_db: CliRunner, db_path: Path, lang: str) -> None:
    pytest.importorskip("branchtui.domain.demo")
    before = db_path.read_bytes()

    result = cli_db(["demo", "--lang", lang])

    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert str(db_path) in line
    assert ("已有数据" if lang == "zh" else "holds data") in line
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_db_refuses_the_configured_database(cli: CliRunner, tmp_path: Path, lang: str) -> None:
    pytest.importorskip("branchtui.domain.demo")
    path = tmp_path / "real.db"

    result = cli(["demo", "--db", str(path), "--lang", lang], BRANCHTUI_DB=str(path))

    assert result.code == 1
    line = one_error_line(result.err, lang)
    assert str(path) in line
    assert ("正式数据库" if lang == "zh" else "is the configured database") in line
    assert not path.exists()


# --- exit codes and errors ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unknown_command_is_a_usage_error(cli: CliRunner, lang: str) -> None:
    result = cli(["frobnicate", "--lang", lang])

    assert result.code == 2
    assert result.out == ""
    line = one_error_line(result.err, lang)
    assert line.startswith("错误：用法错误：" if lang == "zh" else "Error: Usage error: ")
    assert "frobnicate" in line


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["init", "--bogus"], "--bogus"),
        (["--colour", "init"], "--colour"),
        (["init", "--year", "next"], "next"),
        (["init", "--lang", "fr"], "fr"),
        (["backup"], "DEST"),
        (["config"], "COMMAND"),
        (["config", "delete"], "delete"),
        (["init", "--name"], "--name"),
    ],
)
def test_a_bad_option_is_a_usage_error(
    cli: CliRunner, db_path: Path, lang: str, argv: list[str], named: str
) -> None:
    result = cli([*argv, "--lang", lang, "--db", str(db_path)])

    assert result.code == 2
    assert result.out == ""
    line = one_error_line(result.err, lang)
    assert line.startswith("错误：用法错误：" if lang == "zh" else "Error: Usage error: ")
    assert named in line
    assert not db_path.exists()


def _raise_runtime_error(ctx: object) -> int:
    raise RuntimeError("boom\nsecond line")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_unexpected_error_is_one_line_without_debug(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setattr("branchtui.cli.setup.config_path", _raise_runtime_error)

    result = cli(["config", "path", "--lang", lang])

    assert result.code == 1
    assert "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1, result.err
    assert "boom second line" in result.err
    assert "RuntimeError" not in result.err  # a Python class name means nothing to a user
    assert "BRANCHTUI_DEBUG=1" in result.err
    if lang == "en":
        assert not CJK.search(result.err)
    else:
        assert result.err.startswith("意外错误：")


def test_an_unexpected_error_raises_with_debug(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("branchtui.cli.setup.config_path", _raise_runtime_error)
    with pytest.raises(RuntimeError, match="boom"):
        cli(["config", "path"], BRANCHTUI_DEBUG="1")


@pytest.mark.parametrize("debug", [True, False])
def test_a_traceback_only_with_branchtui_debug(debug: bool) -> None:
    script = textwrap.dedent(
        """
        import branchtui.cli.setup as setup
        from branchtui.main import main

        def boom(ctx):
            raise RuntimeError("boom")

        setup.config_path = boom
        raise SystemExit(main(["config", "path", "--lang", "en"]))
        """
    )
    env = dict(os.environ)
    if debug:
        env["BRANCHTUI_DEBUG"] = "1"

    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 1
    if debug:
        assert "Traceback (most recent call last)" in done.stderr
        assert "RuntimeError: boom" in done.stderr
    else:
        assert done.stderr == "Unexpected error: boom (set BRANCHTUI_DEBUG=1 for details)\n"


# --- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--help"], "zh"),
        (["--lang", "zh", "--help"], "zh"),
        (["--lang", "en", "--help"], "en"),
        (["--help", "--lang=en"], "en"),
    ],
)
def test_help_lists_the_commands_in_the_chosen_language(
    cli: CliRunner, argv: list[str], lang: str
) -> None:
    result = cli(argv)

    assert result.code == 0
    assert result.err == ""
    for command in ("init", "demo", "backup", "config"):
        assert re.search(rf"^\s+{command}\s", result.out, re.M), command
    for option in ("--db", "--config", "--lang", "--year", "--read-only"):
        assert option in result.out
    if lang == "zh":
        assert result.out.startswith("用法：branchtui")
        assert "全局选项（可写在命令前或后）" in result.out
        assert "创建或升级数据库" in result.out
    else:
        assert result.out.startswith("usage: branchtui")
        assert "global options (before or after the command)" in result.out
        assert "create or upgrade the database" in result.out
        assert not CJK.search(result.out), CJK.findall(result.out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_init_help(cli: CliRunner, lang: str) -> None:
    result = cli(["init", "--help", "--lang", lang])

    assert result.code == 0
    assert "--name NAME" in result.out
    assert "--demo" in result.out
    assert "--db PATH_OR_URL" in result.out
    if lang == "zh":
        assert result.out.startswith("用法：branchtui init")
        assert "党支部名称" in result.out
    else:
        assert result.out.startswith("usage: branchtui init")
        assert "the branch's name" in result.out
        assert not CJK.search(result.out), CJK.findall(result.out)


def test_python_dash_m_runs_the_same_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "branchtui", "--help", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: branchtui")
    assert "init" in done.stdout

    failed = subprocess.run(
        [sys.executable, "-m", "branchtui", "frobnicate"], capture_output=True, text=True
    )
    assert failed.returncode == 2
    assert failed.stderr.startswith("错误：用法错误：")


@pytest.mark.parametrize("where", ["before", "after"])
def test_demo_opens_the_app_in_the_language_asked_for(
    cli: CliRunner, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`demo` fills a new database and opens the app on it (here a stand-in records how),
    in the language asked for; afterwards it says where the demo database is."""
    from branchtui import i18n
    from branchtui.tui import start

    opened: dict[str, object] = {}

    def run_app(settings: object, *, year: int | None, read_only_flag: bool) -> int:
        opened.update(settings=settings, year=year, lang=i18n.current_language())
        return 0

    monkeypatch.setattr(start, "run_app", run_app)
    target = tmp_path / "demo.db"
    args = ["--lang", "en", "demo", "--db", str(target)]
    if where == "after":
        args = ["demo", "--db", str(target), "--lang", "en"]
    result = cli(args, BRANCHTUI_TODAY="2024-07-01")
    assert result.code == 0, result.err
    assert opened["lang"] == "en" and opened["year"] == 2024
    assert opened["settings"].database_target == str(target)  # type: ignore[attr-defined]
    assert query(target, "SELECT count(*) FROM plan_item WHERE year = 2024")[0][0] == 7
    assert result.out.strip() == (
        f"Demo database: {target} (seen from 2024-07-01). To keep using it:\n"
        f"  BRANCHTUI_TODAY=2024-07-01 branchtui --db {target}"
    )


def test_demo_is_seen_from_just_before_the_year_end_unless_told(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not from today, two years on, where every item would be hundreds of days late."""
    import os

    from branchtui.domain.demo_data import DEMO_TODAY
    from branchtui.tui import start

    seen: dict[str, object] = {}

    def run_app(settings: object, *, year: int | None, read_only_flag: bool) -> int:
        seen["today"] = os.environ.get("BRANCHTUI_TODAY")
        return 0

    monkeypatch.setattr(start, "run_app", run_app)
    result = cli(["demo", "--db", str(tmp_path / "demo.db")])
    assert result.code == 0, result.err
    assert seen["today"] == DEMO_TODAY == "2024-12-20"
    assert DEMO_TODAY in result.out
