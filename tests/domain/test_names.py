"""Pinyin keys of names (surname readings included) and matching a filter against them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from branchtui.domain.names import MAX_COMBINATIONS, matches, name_key


def _tokens(name: str) -> list[str]:
    return name_key(name).split()


def test_full_pinyin_and_initials() -> None:
    tokens = _tokens("曾晓明")
    assert tokens[:2] == ["zengxiaoming", "zxm"]  # the surname reading comes first
    assert "cengxiaoming" in tokens  # other readings stay searchable
    assert name_key("张三") == "zhangsan zs"


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("曾晓明", "zengxiaoming", "zxm"),
        ("单雄信", "shanxiongxin", "sxx"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("仇英", "qiuying", "qy"),
        ("区永", "ouyong", "oy"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴树", "piaoshu", "ps"),
        ("解缙", "xiejin", "xj"),
        ("盖聂", "genie", "gn"),
        ("乐毅", "yueyi", "yy"),
        ("缪杰", "miaojie", "mj"),
        ("覃明", "qinming", "qm"),
        ("召忽", "shaohu", "sh"),
        ("种师道", "chongshidao", "csd"),
        ("隗嚣", "weixiao", "wx"),
        ("员半千", "yunbanqian", "ybq"),
        ("繁钦", "poqin", "pq"),
        ("万俟卨", "moqixie", "mqx"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
    ],
)
def test_surname_readings_come_first(name: str, full: str, initials: str) -> None:
    tokens = _tokens(name)
    assert tokens[0] == full
    assert tokens[1] == initials


def test_surname_reading_only_for_the_first_character() -> None:
    # 曾 inside a given name keeps its everyday reading first.
    assert _tokens("李曾")[0] == "liceng"
    assert "lizeng" in _tokens("李曾")


def test_lowercase_no_tones_no_separators() -> None:
    key = name_key("吕布")
    assert key == key.lower()
    assert "lvbu" in key.split() and "lubu" in key.split()
    assert _tokens("阿依古丽·买买提")[0] == "ayigulimaimaiti"
    assert name_key("张 三") == "zhangsan zs"


def test_non_chinese_kept_lowercase() -> None:
    assert _tokens("Li明")[:2] == ["liming", "lm"]
    assert name_key("Anna") == "anna a"
    assert _tokens("ＡＢ张")[:2] == ["abzhang", "az"]
    assert name_key("") == ""
    assert name_key(" · ") == ""


def test_combinations_are_capped() -> None:
    tokens = _tokens("重重重重重重重重")
    full = [t for t in tokens if len(t) > 8]
    assert len(full) == MAX_COMBINATIONS == 16
    assert full[0] == "chong" * 8
    assert len(tokens) <= 2 * MAX_COMBINATIONS


def test_every_reading_within_the_cap() -> None:
    tokens = _tokens("单雄信")  # 单 dan/chan/shan, 信 xin/shen
    assert {"shanxiongxin", "danxiongxin", "chanxiongxin", "shanxiongshen"} <= set(tokens)
    assert {"sxx", "dxx", "cxx"} <= set(tokens)


@pytest.mark.parametrize(
    "query",
    ["zxm", "ZXM", "zeng", "xiaoming", "zengxiaoming", "zeng xiaoming", "曾晓", "晓明", "cxm"],
)
def test_matches(query: str) -> None:
    assert matches(query, "曾晓明", name_key("曾晓明"))


@pytest.mark.parametrize("query", ["zxn", "wang", "曾明", "zengming"])
def test_does_not_match(query: str) -> None:
    assert not matches(query, "曾晓明", name_key("曾晓明"))


def test_matches_empty_query_and_latin_names() -> None:
    assert matches("", "曾晓明", name_key("曾晓明"))
    assert matches("  ", "曾晓明", "")
    assert matches("ann", "Anna Smith", name_key("Anna Smith"))
    assert matches("SMITH", "Anna Smith", "")


def test_matching_never_loads_pypinyin() -> None:
    code = (
        "import sys\n"
        "from branchtui.domain.names import matches\n"
        "assert matches('zxm', '曾晓明', 'zengxiaoming zxm')\n"
        "assert 'pypinyin' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
