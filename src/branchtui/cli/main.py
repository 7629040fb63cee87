"""The command line: global options, the parser, dispatch, and errors as one line.

argparse keeps `branchtui status` light (click and typer cost 20–40 ms here). Each
resource's module registers its subcommands and names its handlers as "module:function"
strings, imported only when that command runs, so no command pays for another's imports.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from branchtui import display, i18n
from branchtui.cli.arguments import empty_option, not_utf8, plan_year
from branchtui.errors import BranchError, UsageError
from branchtui.i18n import t

# Resource modules, in the order their commands appear in `--help`, with the commands each
# registers: a run of one command builds only its module's parsers (SPEC §9: `status` fast).
COMMAND_MODULES = {
    "branchtui.cli.setup": ("init", "demo", "backup", "config"),
    "branchtui.cli.status": ("status",),
    "branchtui.cli.items": ("item",),
    "branchtui.cli.tasks": ("task",),
    "branchtui.cli.checklists": ("checklist",),
    "branchtui.cli.members": ("member",),
    "branchtui.cli.meetings": ("meeting",),
    "branchtui.cli.years": ("year",),
    "branchtui.cli.history": ("history", "undo"),
    "branchtui.cli.files": ("export", "import"),
    "branchtui.cli.report": ("report", "import-plan"),
}
_GLOBAL_WITH_VALUE = ("--db", "--config", "--lang", "--year")
_GLOBAL_OPTIONS = (*_GLOBAL_WITH_VALUE, "--read-only")


def _command_word(argv: Sequence[str]) -> str | None:
    """The command named in `argv` (the first word that is not a global option or its value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _GLOBAL_WITH_VALUE:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


@dataclass(frozen=True)
class OpenApp:
    """What `run` returns when the app should open (built by `branchtui.main`, not here)."""

    target: str
    demo: bool = False
    year: int | None = None


class Parser(argparse.ArgumentParser):
    """argparse with our exit code and messages: one line, in the user's language.

    No abbreviations, at any level: `--d PATH` must not quietly mean `--db` (or, after a
    new option starting `--d` is added, something else), nor `--con FILE` be dropped.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError("cli.usage", detail=f"{message} ({self.prog} --help)")


def _translate_argparse(message: str) -> str:
    key = f"argparse:{message}"
    return t(key) if key in i18n.catalog(i18n.current_language()) else message


def add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """The options of SPEC §5 that may stand before or after the command."""
    default: Any = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group(t("help.global"))
    group.add_argument("--db", metavar="PATH_OR_URL", default=default, help=t("help.db"))
    group.add_argument("--config", metavar="FILE", default=default, help=t("help.config"))
    group.add_argument("--lang", choices=("zh", "en"), default=default, help=t("help.lang"))
    group.add_argument(
        "--year", type=plan_year, metavar="YYYY", default=default, help=t("help.year")
    )
    group.add_argument(
        "--read-only",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=t("help.read_only"),
    )


def build_parser(argv: Sequence[str] = ()) -> Parser:
    """The parser, with help in the current language: for the command `argv` names only;
    none when it names no command (the app opens); every command for help or a mistyped
    one."""
    import importlib

    argparse._ = _translate_argparse  # type: ignore[attr-defined]
    from branchtui import __version__

    parser = Parser(prog="branchtui", description=t("help.description"))
    parser.add_argument("--version", action="version", version=f"branchtui {__version__}")
    add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def subparser(name: str, help_text: str, handler: str | None = None) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_global_options(sub, suppress=True)
        if handler:
            sub.set_defaults(handler=handler)
        return sub

    word = _command_word(argv)
    wanted = [name for name, words in COMMAND_MODULES.items() if word in words]
    if word is None and not {"-h", "--help"} & set(argv):
        wanted = []  # no command: the app opens; only the global options are parsed
    elif not wanted:
        wanted = list(COMMAND_MODULES)  # help, or a mistyped command: list them all
    for module_name in wanted:
        module = importlib.import_module(module_name)
        module.register(subparser)
    return parser


def nested(parent: argparse.ArgumentParser, name: str) -> Callable[..., argparse.ArgumentParser]:
    """A factory for `parent`'s own subcommands (`item add`, `config show`…)."""
    actions = parent.add_subparsers(dest=f"{name}_command", metavar="COMMAND", parser_class=Parser)
    actions.required = True

    def make(sub: str, help_text: str, handler: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(sub, help=help_text, description=help_text)
        add_global_options(parser, suppress=True)
        parser.set_defaults(handler=handler)
        return parser

    return make


def _prescan(argv: Sequence[str], option: str) -> str | None:
    """An option's value before the real parse: the language must be known to build help.
    The last one counts, as in argparse."""
    found = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == option and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith(option + "="):
            found = word.split("=", 1)[1]
    return found


def run(argv: Sequence[str] | None = None) -> int | OpenApp:
    """Run one command; return its exit code, or an `OpenApp` request."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args_list)
    except BranchError as error:
        # An error may quote stored or typed text (a title, a file name): shown, never run.
        print(t("error.prefix") + display.safe(error.message(), keep_layout=True), file=sys.stderr)
        return error.exit_code
    except SystemExit as done:  # `--help` prints, then argparse exits: return its code
        return done.code if isinstance(done.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `branchtui export | head`: the reader left; say nothing.
        sys.stderr.close()
        return 0
    except Exception as error:  # the last guard: one line, the traceback only on request
        if os.environ.get("BRANCHTUI_DEBUG") == "1":
            raise
        # One line, without Python's class name (a user reads it; the traceback is for
        # whoever runs again with BRANCHTUI_DEBUG=1).
        detail = " ".join(str(error).split()) or "-"
        print(display.safe(t("error.unexpected", error=detail)), file=sys.stderr)
        return 1


def _refuse_abbreviations(argv: Sequence[str]) -> None:
    """`--d PATH` is not `--db PATH`: name the option meant, before argparse would read
    PATH as the command and complain about that instead."""
    for word in argv:
        if word == "--":
            return
        name = word.split("=", 1)[0]
        if not name.startswith("--") or name in _GLOBAL_OPTIONS:
            continue
        meant = [option for option in _GLOBAL_OPTIONS if option.startswith(name)]
        if meant:
            raise UsageError("cli.abbreviated", option=name, meant=" / ".join(meant))


def _run(argv: list[str]) -> int | OpenApp:
    from branchtui.cli.context import Context, settings_from

    lang = _prescan(argv, "--lang")
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)
    _refuse_abbreviations(argv)
    for option in ("--db", "--config"):
        # `--db ""` would fall back to the default database: a write to the wrong place.
        if empty_option(_prescan(argv, option)):
            raise UsageError("cli.empty_option", option=option)
    try:
        settings = settings_from(argv, _prescan)
    except BranchError:
        # A broken config must still be reported in the language asked for.
        i18n.set_language(lang or os.environ.get("BRANCHTUI_LANG") or "auto")
        raise
    i18n.set_language(lang or str(settings.get("ui.language")))
    display.set_timezone(settings.timezone)

    args = build_parser(argv).parse_args(argv)
    bad = not_utf8(args)
    if bad is not None:
        raise UsageError("cli.not_utf8", argument=bad[0], value=bad[1])
    context = Context(settings=settings, args=args)
    handler = getattr(args, "handler", None)
    if args.command is None:
        return OpenApp(target=context.database_target())
    if handler is None:
        raise UsageError("cli.usage", detail=args.command)
    module_name, function_name = handler.split(":")
    import importlib

    function = getattr(importlib.import_module(module_name), function_name)
    result = function(context)
    return 0 if result is None else result
