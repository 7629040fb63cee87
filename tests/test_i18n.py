"""The two catalogs: the same keys, the same placeholders, English free of Chinese, and every
key the source names literally present."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from branchtui import config, i18n
from branchtui.errors import BranchError
from branchtui.i18n import en, zh

SRC = Path(__file__).resolve().parent.parent / "src" / "branchtui"
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
ERRORS = (
    "BranchError",
    "ConfigError",
    "StorageError",
    "ValidationError",
    "NotFoundError",
    "ConflictError",
    "UsageError",
    "ReadOnlyError",
)
# t("key" …), label-free lookups, and every typed error raised with a literal key.
CALLERS = "|".join(("t", *ERRORS))
LITERAL_KEY = re.compile(rf"""\b(?:{CALLERS})\(\s*(?P<q>["'])(?P<key>[A-Za-z_][\w.:\-]*)(?P=q)""")


def placeholders(text: str) -> set[str]:
    """`{name}` fields (str.format) and `%(name)s` / `%s` (argparse's own messages)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    names |= {f"%({name})" for name in re.findall(r"%\((\w+)\)", text)}
    names |= {f"%{n}" for n in range(len(re.findall(r"%[sdr]", text)))}
    return names


def test_both_catalogs_hold_the_same_keys() -> None:
    only_zh = sorted(set(zh.MESSAGES) - set(en.MESSAGES))
    only_en = sorted(set(en.MESSAGES) - set(zh.MESSAGES))
    assert only_zh == [], "keys without English"
    assert only_en == [], "keys without Chinese"


@pytest.mark.parametrize("key", sorted(set(zh.MESSAGES) & set(en.MESSAGES)))
def test_each_key_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(zh.MESSAGES[key]) == placeholders(en.MESSAGES[key])


# English messages that must name Chinese data the user types or sees in a file: the
# register's headings (姓名) and the Chinese date form an Excel register may hold.
CHINESE_AS_DATA = {"register.bad_date", "register.no_header"}


def test_no_chinese_in_english() -> None:
    chinese = {
        key: text
        for key, text in en.MESSAGES.items()
        if CJK.search(text) and key not in CHINESE_AS_DATA
    }
    assert chinese == {}


def test_every_message_is_a_nonempty_string() -> None:
    for catalog in (zh.MESSAGES, en.MESSAGES):
        for key, text in catalog.items():
            assert isinstance(text, str) and text.strip(), key


def literal_keys() -> dict[str, list[str]]:
    """Every literal catalog key in src/, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "i18n":
            continue
        text = path.read_text(encoding="utf-8")
        for match in LITERAL_KEY.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(SRC)}:{line}"
            found.setdefault(match.group("key"), []).append(where)
    return found


def test_the_scan_finds_keys() -> None:
    keys = literal_keys()
    # A scan that found nothing would pass the next test vacuously.
    for key in (
        "config.syntax",
        "config.unknown_key",
        "cli.usage",
        "db.missing",
        "error.unexpected",
    ):
        assert key in keys, key


def test_every_literal_key_in_the_source_is_in_the_catalogs() -> None:
    missing = {
        key: where
        for key, where in literal_keys().items()
        if key not in zh.MESSAGES or key not in en.MESSAGES
    }
    assert missing == {}


# The action codes a change is written under (`UnitOfWork(db, "item.add")`, a helper's
# `action="item.done"`, a member write's first argument): history names each in words.
ACTION = re.compile(
    r"""(?:UnitOfWork\(db, |\baction=|_write_member\(db, )"(?P<code>[a-z_]+(?:\.[a-z_]+)?)"""
)


def test_every_action_a_change_is_written_under_has_a_name() -> None:
    codes = {
        match.group("code")
        for path in SRC.rglob("*.py")
        if "i18n" not in path.parts and "cli" not in path.parts  # argparse's action= is not
        for match in ACTION.finditer(path.read_text(encoding="utf-8"))
    }
    assert {"item.add", "task.delete", "member.promote", "import"} <= codes  # the scan works
    missing = {
        c for c in codes if f"action.{c}" not in zh.MESSAGES or f"action.{c}" not in en.MESSAGES
    }
    assert missing == set()


def test_the_keys_config_builds_from_parts_exist() -> None:
    kinds = {"string", "integer", "boolean", "table", "language", "year", "nonnegative", "timezone"}
    for kind in kinds:
        assert f"expected.{kind}" in zh.MESSAGES and f"expected.{kind}" in en.MESSAGES, kind
    for kind in ("default", "flag", "env", "file"):
        assert f"config.source.{kind}" in zh.MESSAGES, kind
        assert f"config.source.{kind}" in en.MESSAGES, kind
    assert set(config.TYPES.values()) == {str, int, bool}


def test_a_message_is_given_in_the_current_language() -> None:
    error = BranchError("config.missing_file", file="/srv/a.toml")
    i18n.set_language("en")
    assert str(error) == "Configuration file not found: /srv/a.toml"
    i18n.set_language("zh")
    assert str(error) == "配置文件不存在：/srv/a.toml"


def test_an_unknown_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    i18n.set_language("fr")
    assert i18n.current_language() == "en"
    i18n.set_language("auto")
    assert i18n.current_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.set_language("auto")
    assert i18n.current_language() == "zh"
