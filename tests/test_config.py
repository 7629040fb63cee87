"""Configuration (SPEC §3): every layer's precedence, every bad file, `config init|path|show`,
and how the language is chosen, all as a user sees them through `branchtui`."""

from __future__ import annotations

import getpass
import itertools
import os
import re
import tomllib
from pathlib import Path

import pytest

from branchtui import config, i18n, locations
from tests.conftest import CliRunner

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
TODAY = "2031-03-04"  # BRANCHTUI_TODAY: the default plan year is then 2031


def show(result_out: str) -> dict[str, tuple[str, str]]:
    """`config show` as {dotted key: (value, source)}."""
    rows = {}
    for line in result_out.splitlines():
        match = re.fullmatch(r"(\S+) = (.*?)  # (.*)", line)
        assert match, f"not a `key = value  # source` line: {line!r}"
        rows[match.group(1)] = (match.group(2), match.group(3))
    return rows


def source(lang: str, kind: str, name: str = "", line: int = 0) -> str:
    """The source column as it should read in `lang`."""
    if kind == "file":
        return f"{name} 第 {line} 行" if lang == "zh" else f"{name}, line {line}"
    if kind == "env":
        return f"环境变量 {name}" if lang == "zh" else f"environment variable {name}"
    return {
        ("zh", "flag"): "命令行参数",
        ("en", "flag"): "command-line flag",
        ("zh", "default"): "默认值",
        ("en", "default"): "default",
    }[lang, kind]


def user_config_default() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "branchtui" / "config.toml"


# --- precedence -------------------------------------------------------------------------

# Each layer sets its own value for the keys it can set; line numbers are those of the text.
SYSTEM_TEXT = """\
# the administrator's shared settings
[branch]
name = "系统支部"
year = 2020
timezone = "Asia/Urumqi"

[database]
url = "/srv/system.db"

[ui]
language = "en"

[user]
name = "sysuser"

[access]
read_only = true

[rules]
due_soon_days = 7
"""
SYSTEM_LINES = {
    "branch.name": 3,
    "branch.year": 4,
    "branch.timezone": 5,
    "database.url": 8,
    "ui.language": 11,
    "user.name": 14,
    "access.read_only": 17,
    "rules.due_soon_days": 20,
}
SYSTEM_VALUES = {
    "branch.name": '"系统支部"',
    "branch.year": "2020",
    "branch.timezone": '"Asia/Urumqi"',
    "database.url": '"/srv/system.db"',
    "ui.language": '"en"',
    "user.name": '"sysuser"',
    "access.read_only": "true",
    "rules.due_soon_days": "7",
}
USER_TEXT = """\
[rules]
due_soon_days = 9
[access]
read_only = false
[user]
name = "alice"
[ui]
language = "zh"
[database]
url = "/srv/user.db"
[branch]
timezone = "Europe/Berlin"
year = 2021
name = "用户支部"
"""
USER_LINES = {
    "rules.due_soon_days": 2,
    "access.read_only": 4,
    "user.name": 6,
    "ui.language": 8,
    "database.url": 10,
    "branch.timezone": 12,
    "branch.year": 13,
    "branch.name": 14,
}
USER_VALUES = {
    "branch.name": '"用户支部"',
    "branch.year": "2021",
    "branch.timezone": '"Europe/Berlin"',
    "database.url": '"/srv/user.db"',
    "ui.language": '"zh"',
    "user.name": '"alice"',
    "access.read_only": "false",
    "rules.due_soon_days": "9",
}
ENV = {"BRANCHTUI_DB": "/srv/env.db", "BRANCHTUI_LANG": "en", "BRANCHTUI_USER": "bob"}
ENV_VALUES = {
    "database.url": ('"/srv/env.db"', "BRANCHTUI_DB"),
    "ui.language": ('"en"', "BRANCHTUI_LANG"),
    "user.name": ('"bob"', "BRANCHTUI_USER"),
}
FLAGS = ["--db", "/srv/flag.db", "--lang", "zh", "--year", "2023", "--read-only"]
FLAG_VALUES = {
    "database.url": '"/srv/flag.db"',
    "ui.language": '"zh"',
    "branch.year": "2023",
    "access.read_only": "true",
}
LAYERS = ("system", "user", "env", "flag")


def default_value(key: str) -> str:
    computed = {
        "branch.year": "2031",
        "database.url": '"'
        + str(Path(os.environ["XDG_DATA_HOME"]) / "branchtui" / "branch.db")
        + '"',
        "database.group": '""',
        "user.name": f'"{getpass.getuser()}"',
        "access.read_only": "false",
        "export.include_private": "false",
    }
    if key in computed:
        return computed[key]
    value = config.DEFAULTS[key]
    return str(value) if isinstance(value, int) else f'"{value}"'


@pytest.mark.parametrize(
    "active",
    [combo for size in range(len(LAYERS) + 1) for combo in itertools.combinations(LAYERS, size)],
    ids=lambda combo: "+".join(combo) or "defaults",
)
def test_every_layer_overrides_the_weaker_ones(
    cli: CliRunner, tmp_path: Path, active: tuple[str, ...]
) -> None:
    system = locations.SYSTEM_CONFIG
    user = user_config_default()
    if "system" in active:
        system.parent.mkdir(parents=True)
        system.write_text(SYSTEM_TEXT, encoding="utf-8")
    if "user" in active:
        user.parent.mkdir(parents=True)
        user.write_text(USER_TEXT, encoding="utf-8")
    env = {"BRANCHTUI_TODAY": TODAY, **(ENV if "env" in active else {})}
    argv = ["config", "show", *(FLAGS if "flag" in active else [])]

    result = cli(argv, **env)

    assert result.code == 0, result.err
    assert result.err == ""
    rows = show(result.out)
    assert list(rows) == list(config.DEFAULTS)

    def expected(key: str, lang: str) -> tuple[str, str]:
        if "flag" in active and key in FLAG_VALUES:
            return FLAG_VALUES[key], source(lang, "flag")
        if "env" in active and key in ENV_VALUES:
            value, name = ENV_VALUES[key]
            return value, source(lang, "env", name)
        if "user" in active and key in USER_VALUES:
            return USER_VALUES[key], source(lang, "file", str(user), USER_LINES[key])
        if "system" in active and key in SYSTEM_VALUES:
            return SYSTEM_VALUES[key], source(lang, "file", str(system), SYSTEM_LINES[key])
        return default_value(key), source(lang, "default")

    language = expected("ui.language", "zh")[0].strip('"')
    lang = "zh" if language == "auto" else language  # LANG=C.UTF-8 in the tests: zh
    for key in config.DEFAULTS:
        assert rows[key] == expected(key, lang), key


@pytest.mark.parametrize("how", ["--config", "BRANCHTUI_CONFIG"])
def test_a_named_user_file_replaces_the_default_one(
    cli: CliRunner, tmp_path: Path, how: str
) -> None:
    default = user_config_default()
    default.parent.mkdir(parents=True)
    default.write_text('[branch]\nname = "默认位置"\nyear = 2019\n', encoding="utf-8")
    named = tmp_path / "named.toml"
    named.write_text("# mine\n\n[branch]\nyear = 2025\n", encoding="utf-8")

    if how == "--config":
        result = cli(["config", "show", "--config", str(named)])
    else:
        result = cli(["config", "show"], BRANCHTUI_CONFIG=str(named))

    assert result.code == 0, result.err
    rows = show(result.out)
    assert rows["branch.year"] == ("2025", f"{named} 第 4 行")
    assert rows["branch.name"] == ('"XX党支部"', "默认值")


def test_the_config_flag_beats_the_config_variable(cli: CliRunner, tmp_path: Path) -> None:
    by_flag = tmp_path / "flag.toml"
    by_flag.write_text("[branch]\nyear = 2027\n", encoding="utf-8")
    by_env = tmp_path / "env.toml"
    by_env.write_text("[branch]\nyear = 2028\n", encoding="utf-8")

    result = cli(
        ["--lang", "en", "config", "show", f"--config={by_flag}"], BRANCHTUI_CONFIG=str(by_env)
    )

    assert result.code == 0, result.err
    assert show(result.out)["branch.year"] == ("2027", f"{by_flag}, line 2")


def test_flags_work_before_after_and_in_the_middle_of_the_command(
    cli: CliRunner, tmp_path: Path
) -> None:
    for argv in (
        ["--year", "2040", "--read-only", "config", "show"],
        ["config", "--year", "2040", "show", "--read-only"],
        ["config", "show", "--read-only", "--year=2040"],
    ):
        result = cli(argv)
        assert result.code == 0, (argv, result.err)
        rows = show(result.out)
        assert rows["branch.year"] == ("2040", "命令行参数"), argv
        assert rows["access.read_only"] == ("true", "命令行参数"), argv


def test_dotted_keys_and_inline_tables_name_their_own_lines(cli: CliRunner, tmp_path: Path) -> None:
    file = tmp_path / "c.toml"
    file.write_text(
        '# comment\nbranch.year = 2024\nui = { theme = "textual-light" }\n'
        '[rules]\n"due_soon_days" = 3\n',
        encoding="utf-8",
    )
    rows = show(cli(["config", "show", "--config", str(file)]).out)
    assert rows["branch.year"] == ("2024", f"{file} 第 2 行")
    assert rows["ui.theme"] == ('"textual-light"', f"{file} 第 3 行")
    assert rows["rules.due_soon_days"] == ("3", f"{file} 第 5 行")


# --- bad files ----------------------------------------------------------------------------

# (file text, what the zh line must contain, what the en line must contain, the user's own
# words that may appear in an English message)
BAD_FILES = {
    "syntax": (
        '[branch]\nname = "一支部"\nyear = = 2024\n',
        ["第 3 行", "TOML 语法错误"],
        [", line 3", "TOML syntax error"],
        [],
    ),
    "unclosed-header": ("[branch\nyear = 2024\n", ["第 1 行"], [", line 1"], []),
    "unknown-top-level-key": (
        'colour = "red"\n',
        ["未知配置项 colour"],
        ["unknown key colour"],
        [],
    ),
    "unknown-key": (
        '[branch]\nmotto = "为人民服务"\n',
        ["未知配置项 branch.motto"],
        ["unknown key branch.motto"],
        [],
    ),
    "unknown-cjk-key": (
        '[branch]\n"名称" = "一支部"\n',
        ["未知配置项 branch.名称"],
        ["unknown key branch.名称"],
        ["名称"],
    ),
    "unknown-section": ("[theme]\ndark = true\n", ["theme"], ["unknown key theme"], []),
    "unknown-empty-section": ("[colours]\n", ["未知配置项 colours"], ["unknown key colours"], []),
    "year-string": (
        '[branch]\nyear = "2024"\n',
        ["branch.year", "整数", '"2024"'],
        ["branch.year", "must be an integer", '"2024"'],
        [],
    ),
    "year-chinese": (
        '[branch]\nyear = "二〇二四"\n',
        ["branch.year", "整数"],
        ["branch.year", "must be an integer", '"二〇二四"'],
        ["二〇二四"],
    ),
    "year-float": ("[branch]\nyear = 2024.5\n", ["branch.year", "整数"], ["an integer"], []),
    "year-out-of-range": (
        "[branch]\nyear = 24\n",
        ["branch.year", "年份"],
        ["branch.year", "a year (1900-2999)"],
        [],
    ),
    "read-only-string": (
        '[access]\nread_only = "yes"\n',
        ["access.read_only", "true 或 false", '"yes"'],
        ["access.read_only", "must be true or false", '"yes"'],
        [],
    ),
    "include-private-number": (
        "[export]\ninclude_private = 1\n",
        ["export.include_private", "true 或 false"],
        ["export.include_private", "true or false"],
        [],
    ),
    "negative-rule": (
        "[rules]\ndue_soon_days = -1\n",
        ["rules.due_soon_days", "非负整数", "-1"],
        ["rules.due_soon_days", "a non-negative integer", "-1"],
        [],
    ),
    "boolean-rule": (
        "[rules]\nprobation_days = true\n",
        ["rules.probation_days", "整数"],
        ["rules.probation_days", "must be an integer, not true"],
        [],
    ),
    "language-fr": (
        '[ui]\nlanguage = "fr"\n',
        ["ui.language", "zh、en 或 auto", '"fr"'],
        ["ui.language", "zh, en or auto", '"fr"'],
        [],
    ),
    "timezone-mars": (
        '[branch]\ntimezone = "Mars/Base"\n',
        ["branch.timezone", "时区", "Mars/Base"],
        ["branch.timezone", "a time zone name", "Mars/Base"],
        [],
    ),
    "group-number": (
        "[database]\ngroup = 100\n",
        ["database.group", "字符串"],
        ["database.group", "a string"],
        [],
    ),
    "section-not-a-table": (
        "branch = 3\n",
        ["branch", "表"],
        ["branch must be a table", "not 3"],
        [],
    ),
    "section-is-an-array": (
        "[[rules]]\ndue_soon_days = 1\n",
        ["rules", "表"],
        ["rules must be a table"],
        [],
    ),
    "not-utf8": (
        b'[branch]\nname = "\xd2\xbb\xd6\xa7\xb2\xbf"\n',  # GB18030, not UTF-8
        ["第 2 行", "UTF-8"],
        [", line 2", "not UTF-8"],
        [],
    ),
}


def assert_one_error_line(result_err: str, lang: str, user_words: list[str]) -> str:
    assert "Traceback" not in result_err
    lines = result_err.splitlines()
    assert len(lines) == 1, result_err
    line = lines[0]
    if lang == "zh":
        assert line.startswith("错误：")
    else:
        assert line.startswith("Error: ")
        bare = line
        for word in user_words:
            bare = bare.replace(word, "")
        assert not CJK.search(bare), line
    return line


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_user_file_is_one_line_naming_file_key_and_expectation(
    cli: CliRunner, tmp_path: Path, case: str, lang: str
) -> None:
    text, zh_parts, en_parts, user_words = BAD_FILES[case]
    file = tmp_path / "c.toml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")

    result = cli(["config", "show", "--config", str(file), "--lang", lang])

    assert result.code == 1
    assert result.out == ""
    line = assert_one_error_line(result.err, lang, user_words)
    assert str(file) in line
    for part in zh_parts if lang == "zh" else en_parts:
        assert part in line


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("layer", ["system", "user"])
def test_a_bad_file_in_any_layer_stops_every_command(
    cli: CliRunner, db_path: Path, layer: str, lang: str
) -> None:
    file = locations.SYSTEM_CONFIG if layer == "system" else user_config_default()
    file.parent.mkdir(parents=True)
    file.write_text('\n[branch]\nyear = "2024"\n', encoding="utf-8")

    for argv in (["config", "show"], ["init", "--db", str(db_path)], ["config", "path"]):
        result = cli([*argv, "--lang", lang])
        assert result.code == 1, argv
        line = assert_one_error_line(result.err, lang, [])
        assert str(file) in line and "branch.year" in line
    assert not db_path.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_named_config_file_that_does_not_exist_is_an_error(
    cli: CliRunner, tmp_path: Path, lang: str
) -> None:
    missing = tmp_path / "nowhere" / "config.toml"
    expected = "配置文件不存在" if lang == "zh" else "Configuration file not found"

    for result in (
        cli(["--config", str(missing), "config", "show", "--lang", lang]),
        cli(["config", "show", "--lang", lang], BRANCHTUI_CONFIG=str(missing)),
    ):
        assert result.code == 1
        line = assert_one_error_line(result.err, lang, [])
        assert expected in line and str(missing) in line


def test_a_broken_config_is_reported_in_the_language_of_the_variable_or_locale(
    cli: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "c.toml"
    file.write_text("[branch]\nyear = true\n", encoding="utf-8")
    by_variable = cli(["config", "show", "--config", str(file)], BRANCHTUI_LANG="en")
    by_locale = cli(["config", "show", "--config", str(file)], LANG="en_US.UTF-8")
    for result in (by_variable, by_locale):
        assert result.code == 1
        assert "branch.year must be an integer, not true" in assert_one_error_line(
            result.err, "en", []
        )


@pytest.mark.parametrize(
    ("locale", "lang"), [("C.UTF-8", "zh"), ("zh_CN.UTF-8", "zh"), ("en_GB.UTF-8", "en")]
)
def test_a_bad_language_variable_is_one_clear_error(cli: CliRunner, locale: str, lang: str) -> None:
    result = cli(["config", "show"], BRANCHTUI_LANG="fr", LANG=locale)

    assert result.code == 1
    assert result.out == ""
    line = assert_one_error_line(result.err, lang, [])
    assert "BRANCHTUI_LANG" in line and '"fr"' in line
    assert ("zh、en 或 auto" if lang == "zh" else "zh, en or auto") in line


# --- config init, path, the example -------------------------------------------------------


def example_keys(text: str) -> list[str]:
    data = tomllib.loads(text)
    return [f"{section}.{key}" for section, table in data.items() for key in table]


def test_config_init_writes_a_commented_starter_that_loads(cli: CliRunner) -> None:
    path = user_config_default()

    result = cli(["config", "init"])

    assert result.code == 0, result.err
    assert result.out == f"已写入配置文件：{path}\n"
    text = path.read_text(encoding="utf-8")
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    for dotted in example_keys(example):
        section, key = dotted.split(".")
        part = text.split(f"[{section}]", 1)
        assert len(part) == 2, f"[{section}] missing"
        own = part[1].split("\n[", 1)[0]
        assert re.search(rf"^# {key}\s*=", own, re.M), dotted
    # Commented out: loading it changes nothing.
    assert tomllib.loads(text) == {section: {} for section in tomllib.loads(example)}
    shown = cli(["config", "show"])
    assert shown.code == 0, shown.err
    assert {src for _value, src in show(shown.out).values()} == {"默认值"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_config_init_never_overwrites(cli: CliRunner, lang: str) -> None:
    path = user_config_default()
    path.parent.mkdir(parents=True)
    path.write_text('[branch]\nname = "一支部"\n', encoding="utf-8")

    result = cli(["config", "init", "--lang", lang])

    assert result.code == 1
    assert result.out == ""
    line = assert_one_error_line(result.err, lang, [])
    assert str(path) in line
    assert ("已存在" if lang == "zh" else "exists, not overwritten") in line
    assert path.read_text(encoding="utf-8") == '[branch]\nname = "一支部"\n'


def test_config_init_run_twice_keeps_the_first_file(cli: CliRunner) -> None:
    assert cli("config init").code == 0
    path = user_config_default()
    path.write_text(path.read_text(encoding="utf-8") + '\n[user]\nname = "李四"\n')
    before = path.read_bytes()
    assert cli("config init").code == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("how", ["--config", "BRANCHTUI_CONFIG"])
def test_config_init_creates_the_named_file(cli: CliRunner, tmp_path: Path, how: str) -> None:
    path = tmp_path / "new" / "branch.toml"
    if how == "--config":
        result = cli(["config", "init", "--config", str(path), "--lang", "en"])
    else:
        result = cli(["--lang", "en", "config", "init"], BRANCHTUI_CONFIG=str(path))
    assert result.code == 0, result.err
    assert result.out == f"Configuration written: {path}\n"
    assert path.is_file()
    assert not user_config_default().exists()
    assert cli(["config", "show", "--config", str(path)]).code == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_config_init_where_nothing_can_be_written(
    cli: CliRunner, tmp_path: Path, lang: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    path = blocker / "config.toml"

    result = cli(["config", "init", "--config", str(path), "--lang", lang])

    assert result.code == 1
    line = assert_one_error_line(result.err, lang, [])
    assert str(path) in line
    assert ("无法写入配置文件" if lang == "zh" else "Cannot write configuration file") in line


def test_config_path_lists_the_three_locations(cli: CliRunner, tmp_path: Path) -> None:
    user = user_config_default()
    user.parent.mkdir(parents=True)
    user.write_text("", encoding="utf-8")
    database = Path(os.environ["XDG_DATA_HOME"]) / "branchtui" / "branch.db"

    result = cli("config path")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"用户配置: {user} （存在）",
        f"系统配置: {locations.SYSTEM_CONFIG} （不存在）",
        f"数据库: {database} （不存在）",
    ]

    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    result = cli(["config", "path", "--lang", "en", "--config", str(other), "--db", "x.db"])
    assert result.out.splitlines() == [
        f"user config: {other} (exists)",
        f"system config: {locations.SYSTEM_CONFIG} (absent)",
        "database: x.db (absent)",
    ]


def test_the_example_config_is_shipped_and_documents_every_key(
    cli: CliRunner, tmp_path: Path
) -> None:
    root = REPO / "config.example.toml"
    shipped = REPO / "src" / "branchtui" / "config.example.toml"
    assert root.read_bytes() == shipped.read_bytes()
    assert locations.example_config_path() == shipped
    keys = example_keys(root.read_text(encoding="utf-8"))
    assert sorted(keys) == sorted(config.DEFAULTS)
    # The example itself is a valid configuration.
    result = cli(["config", "show", "--config", str(root)])
    assert result.code == 0, result.err
    assert show(result.out)["database.url"][0] == '"sqlite:////srv/branch/branch.db"'


# --- the language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "zh"),
        ({"LANG": "EN_us"}, "en"),
        ({"LANG": ""}, "zh"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN", "LANG": "zh_CN"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}, "en"),
    ],
)
def test_the_locale_picks_english_only_when_it_starts_with_en(
    environ: dict[str, str], expected: str
) -> None:
    assert i18n.locale_language(environ) == expected


def test_an_english_locale_gives_english(cli: CliRunner) -> None:
    result = cli("config path", LANG="en_US.UTF-8")
    assert result.code == 0
    assert result.out.startswith("user config: ")
    assert not CJK.search(result.out)
    assert cli("config path", LANG="en_US.UTF-8", LC_ALL="C").out.startswith("用户配置")


def test_language_flag_beats_variable_beats_config_beats_locale(cli: CliRunner) -> None:
    user = user_config_default()
    user.parent.mkdir(parents=True)

    user.write_text('[ui]\nlanguage = "auto"\n', encoding="utf-8")
    assert cli("config path", LANG="en_US.UTF-8").out.startswith("user config")
    user.write_text('[ui]\nlanguage = "zh"\n', encoding="utf-8")
    assert cli("config path", LANG="en_US.UTF-8").out.startswith("用户配置")
    user.write_text('[ui]\nlanguage = "en"\n', encoding="utf-8")
    assert cli("config path").out.startswith("user config")
    assert cli("config path", BRANCHTUI_LANG="zh").out.startswith("用户配置")
    assert cli("config path --lang en", BRANCHTUI_LANG="zh").out.startswith("user config")
    assert cli("config path --lang=zh").out.startswith("用户配置")
