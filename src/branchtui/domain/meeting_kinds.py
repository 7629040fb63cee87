"""The kinds of 组织生活 (三会一课, SPEC §4), how often each is due, and the posts that
matter to them: the secretary's and the 支委's.

Pure and light (stdlib only): the quick `status` path reads the board with these alone;
who is expected at a meeting and the record's rules are `meeting_rules`.
"""

from __future__ import annotations

import re

# SPEC §4 kinds, in the order of the 三会一课 board.
MEETING_KINDS = ("general", "committee", "group", "lecture", "theme_day", "life", "review", "other")
ATTENDANCE_STATUSES = ("present", "excused", "absent")
# How often 三会一课 asks for each kind (SPEC §4; DOMAIN §3): yearly ones are due in December.
REQUIRED_FREQUENCY: dict[str, str] = {
    "general": "quarterly",
    "committee": "monthly",
    "group": "monthly",
    "lecture": "quarterly",
    "theme_day": "monthly",
    "life": "yearly",
    "review": "yearly",
}
YEARLY_DUE_MONTH = 12
PARTY_STAGES = ("full", "probationary")

# A 职务 may name several posts: "副书记、纪检委员". Patterns are kept as text: `re`
# compiles and caches them on first use, so importing this module (on the quick `status`
# path) compiles nothing.
_POST_SEPARATORS = r"[、,，;；/／\s]+"
_BRANCH_PREFIX = r"^(?:党支部|支部)"


def _posts(post: str | None) -> list[str]:
    """The posts a 职务 text names, each without a leading 党支部/支部 (支部书记 is 书记)."""
    parts = re.split(_POST_SEPARATORS, post or "")
    return [re.sub(_BRANCH_PREFIX, "", part) for part in parts if part]


def kind_label(kind: str, group: str | None = None) -> str:
    """A meeting's kind as people name it, with its 党小组: 党小组会（第一党小组）."""
    from branchtui.i18n import label, t

    shown = label("meeting_kind", kind)
    return t("meeting.kind_group", kind=shown, group=group) if group else shown


def is_secretary(post: str | None) -> bool:
    """Whether the 职务 names the branch secretary (书记, 支部书记; not 副书记, not the
    团支部书记)."""
    if not post or "书记" not in post:
        return False  # most members hold no post: no pattern needed (`status` asks for each)
    return "书记" in _posts(post)


def is_committee_post(post: str | None) -> bool:
    """Whether the 职务 names a seat on the branch committee (支委): 书记, 副书记, 支委, or a
    委员 — 组织委员, 宣传委员, 纪检委员, 青年委员, 统战委员, 委员… A Youth League post
    (团支部书记, 团委委员) is not one."""
    for part in _posts(post):
        if part.startswith("团"):
            continue
        if part in ("书记", "副书记", "支委") or part.endswith("委员"):
            return True
    return False


__all__ = [
    "ATTENDANCE_STATUSES",
    "MEETING_KINDS",
    "PARTY_STAGES",
    "REQUIRED_FREQUENCY",
    "YEARLY_DUE_MONTH",
    "is_committee_post",
    "is_secretary",
    "kind_label",
]
