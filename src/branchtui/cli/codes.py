"""Options that take a code (`--category`, `--status`, `--stage`, `--kind`, `--frequency`,
`--template`): the code or its label in either language, and help that lists both.

One argparse type for every such option (SPEC §5), so `--stage 预备党员` and
`--status 进行中` work wherever a code is asked for.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from branchtui.i18n import t
from branchtui.i18n.labels import choices_text, code_of


class CodeType:
    """argparse `type=`: text -> the code it names, or an error listing code and label."""

    def __init__(self, kind: str, codes: Sequence[str]) -> None:
        self.kind = kind
        self.codes = tuple(codes)
        # argparse names the type in some messages; never the class name.
        self.__name__ = kind

    def __call__(self, text: str) -> str:
        found = code_of(self.kind, text, self.codes)
        if found is None:
            raise argparse.ArgumentTypeError(
                t("cli.bad_code", value=text, valid=choices_text(self.kind, self.codes))
            )
        return found


def add_code_option(
    parser: Any,
    *flags: str,
    kind: str,
    codes: Sequence[str],
    help: str,
    **options: Any,
) -> argparse.Action:
    """Add an option taking one of `codes` (label `kind` in the catalogs); its help ends
    with the codes and their labels."""
    action: argparse.Action = parser.add_argument(
        *flags,
        type=CodeType(kind, codes),
        metavar=options.pop("metavar", kind.upper()),
        help=t("cli.code_help", help=help, choices=choices_text(kind, codes)),
        **options,
    )
    return action


__all__ = ["CodeType", "add_code_option"]
