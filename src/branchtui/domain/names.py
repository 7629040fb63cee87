"""Pinyin search keys for members' names, and matching a typed filter against them.

`name_key` runs when a name is written and is the only place pypinyin is loaded (lazily:
it costs ~100 ms). `matches` works on the stored key alone, so searching never loads it.
"""

from __future__ import annotations

# Surnames whose reading differs from the character's everyday reading (曾 is zēng as a
# surname, not céng). Their readings are put first for the name's first character(s),
# because pypinyin's first reading is the everyday one.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "翟": ("zhai",),
    "仇": ("qiu",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "解": ("xie",),
    "盖": ("ge",),
    "乐": ("yue",),
    "尉": ("wei", "yu"),
    "缪": ("miao",),
    "覃": ("qin",),
    "召": ("shao",),
    "种": ("chong",),
    "隗": ("wei",),
    "员": ("yun",),
    "繁": ("po",),
    "秘": ("bi",),
    "句": ("gou",),
    "柏": ("bai",),
    "薄": ("bo",),
    "沈": ("shen",),
    "任": ("ren",),
    "宁": ("ning",),
    "纪": ("ji",),
    "华": ("hua",),
    "阚": ("kan",),
    "冼": ("xian",),
    "谌": ("chen",),
    "莘": ("shen",),
    "逄": ("pang",),
    "能": ("nai",),
    "折": ("she",),
    "那": ("na",),
    "宿": ("su",),
    "眭": ("sui",),
    "啜": ("chuai",),
    "黑": ("he",),
    "祭": ("zhai",),
    "车": ("che",),
    "长": ("chang",),
    "朝": ("chao",),
    "重": ("chong",),
    "雍": ("yong",),
}
# Two-character surnames, read as a unit.
COMPOUND_SURNAME_READINGS: dict[str, tuple[str, str]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "皇甫": ("huang", "fu"),
    "欧阳": ("ou", "yang"),
    "上官": ("shang", "guan"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "宇文": ("yu", "wen"),
    "慕容": ("mu", "rong"),
    "呼延": ("hu", "yan"),
}
# At most this many reading combinations per name: a long name of many-reading characters
# would otherwise give thousands (3 readings ^ 8 characters).
MAX_COMBINATIONS = 16

# The CJK ideograph blocks (basic, extension A, compatibility, extensions B-H), checked by
# code point rather than by a regex, whose compilation would cost ~3 ms at import.
_HAN_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


def _is_han(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def _units(name: str) -> list[str]:
    """The name cut into Chinese characters and runs of other letters and digits."""
    units: list[str] = []
    run = ""
    for char in name:
        if _is_han(char):
            if run:
                units.append(run)
                run = ""
            units.append(char)
        elif char.isalnum():
            run += char  # letters and digits of a non-Chinese run; spaces and · separate
        elif run:
            units.append(run)
            run = ""
    if run:
        units.append(run)
    return units


def _readings(units: list[str]) -> list[list[str]]:
    """For each unit, its readings, the likeliest first."""
    from pypinyin import Style, lazy_pinyin, pinyin

    readings: list[list[str]] = [[] for _ in units]
    han = [i for i, unit in enumerate(units) if len(unit) == 1 and _is_han(unit)]
    # The surname first: a known surname's readings come before pypinyin's.
    if len(han) >= 2 and han[:2] == [0, 1] and units[0] + units[1] in COMPOUND_SURNAME_READINGS:
        first, second = COMPOUND_SURNAME_READINGS[units[0] + units[1]]
        readings[0].append(first)
        readings[1].append(second)
    elif han[:1] == [0] and units[0] in SURNAME_READINGS:
        readings[0].extend(SURNAME_READINGS[units[0]])
    # Then the reading pypinyin gives in context (its phrase dictionary knows 长孙, 乐毅…).
    chinese = "".join(units[i] for i in han)
    in_context = lazy_pinyin(chinese, style=Style.NORMAL)
    # Characters pypinyin does not know come back grouped; then only the per-character
    # readings below are used.
    if len(in_context) == len(han):
        for i, reading in zip(han, in_context, strict=True):
            readings[i].append(reading)
    # Then every other reading of each character alone (heteronyms).
    for i in han:
        for reading in pinyin(units[i], style=Style.NORMAL, heteronym=True)[0]:
            readings[i].append(reading)
    for i, unit in enumerate(units):
        if i not in han:
            readings[i].append(unit)
    result: list[list[str]] = []
    for options in readings:
        seen: list[str] = []
        for option in options:
            option = option.lower()
            # pypinyin writes ü as v (lv); people type lv or lu.
            for variant in (option, option.replace("v", "u")):
                if variant and variant not in seen:
                    seen.append(variant)
        result.append(seen)
    return result


def _combinations(readings: list[list[str]], limit: int) -> list[list[str]]:
    """Up to `limit` choices of one reading per unit, the likeliest first.

    Combinations are taken in order of the sum of their readings' ranks, so that the cap
    drops the least likely ones rather than every variant of the first characters.
    """
    found: list[list[str]] = []
    most = sum(len(options) - 1 for options in readings)

    def walk(position: int, budget: int, chosen: list[str]) -> None:
        if len(found) >= limit:
            return
        if position == len(readings):
            if budget == 0:
                found.append(list(chosen))
            return
        for rank, option in enumerate(readings[position][: budget + 1]):
            chosen.append(option)
            walk(position + 1, budget - rank, chosen)
            chosen.pop()

    for total in range(most + 1):
        walk(0, total, [])
        if len(found) >= limit:
            break
    return found


def name_key(name: str) -> str:
    """The pinyin search key of a name: full pinyin and initials of every reading.

    For 曾晓明: "zengxiaoming zxm cengxiaoming cxm …", lowercase, space-separated, without
    tones; letters and digits that are not Chinese are kept, lowercase. Full-width letters
    become ASCII. At most MAX_COMBINATIONS readings are kept.
    """
    import unicodedata

    units = _units(unicodedata.normalize("NFKC", name))
    if not units:
        return ""
    tokens: list[str] = []
    for combination in _combinations(_readings(units), MAX_COMBINATIONS):
        for token in ("".join(combination), "".join(part[0] for part in combination)):
            if token not in tokens:
                tokens.append(token)
    return " ".join(tokens)


def matches(query: str, name: str, key: str) -> bool:
    """Whether a filter matches a name: a substring of the name, or of a token of its key.

    Case-insensitive; spaces in the query are ignored for the pinyin (`zeng xiaoming`).
    An empty query matches everything. Never loads pypinyin.
    """
    needle = query.strip().casefold()
    if not needle:
        return True
    if needle in name.casefold():
        return True
    compact = "".join(needle.split())
    return any(compact in token for token in key.split())


__all__ = [
    "COMPOUND_SURNAME_READINGS",
    "MAX_COMBINATIONS",
    "SURNAME_READINGS",
    "matches",
    "name_key",
]
