"""Settings: the layers of SPEC §3 merged into one `Settings`, each value with its source.

Strongest first: command-line flag > BRANCHTUI_* variable > user file (`--config` or
BRANCHTUI_CONFIG, else the platform's user config) > /etc/branchtui/config.toml > defaults.
This is on the path of `branchtui status`, so it uses tomllib and nothing heavier.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchtui import locations
from branchtui.errors import ConfigError, os_reason

# Every key of config.example.toml with its type and default. `None` means "computed when
# needed" (the current year, the OS login, the platform's data directory).
DEFAULTS: dict[str, Any] = {
    "branch.name": "XX党支部",
    "branch.year": None,
    "branch.timezone": "Asia/Shanghai",
    "database.url": None,
    "database.group": None,
    "ui.language": "auto",
    "ui.theme": "auto",
    "user.name": None,
    "access.read_only": False,
    "export.include_private": False,
    "rules.applicant_min_days": 60,
    "rules.activist_min_days": 365,
    "rules.candidate_min_days": 60,
    "rules.probation_days": 365,
    "rules.candidate_training_hours": 24,
    "rules.activist_assessment_months": 6,
    "rules.probation_reminder_days": 60,
    "rules.due_soon_days": 14,
    "rules.absent_months": 3,
}
TYPES: dict[str, type] = {
    key: (int if key == "branch.year" else str) if default is None else type(default)
    for key, default in DEFAULTS.items()
}
ENV_KEYS = {
    "BRANCHTUI_DB": "database.url",
    "BRANCHTUI_LANG": "ui.language",
    "BRANCHTUI_USER": "user.name",
}


@dataclass(frozen=True)
class Source:
    """Where a setting came from: kind is default, flag, env or file."""

    kind: str
    name: str = ""
    line: int = 0

    def describe(self) -> str:
        """The source in the user's language, e.g. "/etc/branchtui/config.toml, line 3"."""
        from branchtui.i18n import t

        if self.kind == "file":
            return t("config.source.file", file=self.name, line=self.line)
        if self.kind == "env":
            return t("config.source.env", name=self.name)
        return t(f"config.source.{self.kind}")


@dataclass
class Settings:
    """The merged configuration. `values` is keyed by dotted key, as in `config show`."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, Source] = field(
        default_factory=lambda: {key: Source("default") for key in DEFAULTS}
    )
    user_config: Path | None = None
    system_config: Path | None = None

    def get(self, key: str) -> Any:
        """One setting by dotted key."""
        return self.values[key]

    @property
    def timezone(self) -> str:
        """The branch's timezone: what "today" means for due dates."""
        return str(self.values["branch.timezone"])

    @property
    def year(self) -> int | None:
        """The configured plan year, or None for "the current year"."""
        value = self.values["branch.year"]
        return int(value) if value is not None else None

    @property
    def read_only(self) -> bool:
        """Whether this session may only look."""
        return bool(self.values["access.read_only"])

    @property
    def user_name(self) -> str:
        """The name written into history: BRANCHTUI_USER, `[user] name`, else the OS login."""
        value = self.values["user.name"]
        if value:
            return str(value)
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return f"uid{os.getuid()}"

    @property
    def database_target(self) -> str:
        """The database as given (URL or path), else the platform's default path."""
        value = self.values["database.url"]
        return str(value) if value else str(locations.default_database_path())

    def rules(self) -> dict[str, int]:
        """The `[rules]` section without its prefix."""
        return {
            key.removeprefix("rules."): int(value)
            for key, value in self.values.items()
            if key.startswith("rules.")
        }

    def set(self, key: str, value: Any, source: Source) -> None:
        """Override one setting from a stronger layer."""
        self.values[key] = value
        self.sources[key] = source


_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")


def _dotted(text: str) -> str:
    """`"branch" . year` -> `branch.year`."""
    return ".".join(part.strip("\"'") for part in re.findall(_PART, text))


def _key_lines(text: str) -> dict[str, int]:
    """Line number of each `section.key` in a config file (tomllib gives no positions)."""
    lines: dict[str, int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            section = _dotted(header.group(1))
            lines.setdefault(section, number)
            continue
        key = _KEY.match(line)
        if key:
            dotted = f"{section}.{_dotted(key.group(1))}" if section else _dotted(key.group(1))
            lines.setdefault(dotted, number)
    return lines


def syntax_position(error: Any) -> tuple[int, str]:
    """The line number and the bare reason of a TOML syntax error."""
    lineno = getattr(error, "lineno", None)
    msg = getattr(error, "msg", None)
    if lineno is not None and msg is not None:
        return int(lineno), str(msg)
    match = re.search(r"\(at line (\d+), column \d+\)", str(error))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
    return (int(match.group(1)) if match else 1), reason


def read_config_file(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse and check one file; return its values by dotted key and their line numbers."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError("config.unreadable", file=str(path), detail=os_reason(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError("config.not_utf8", file=str(path), line=line) from None
    try:
        import tomllib  # here, not at the top: most runs find no config file at all

        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, reason = syntax_position(error)
        raise ConfigError("config.syntax", file=str(path), line=line, detail=reason) from None
    except RecursionError:  # tomllib recurses once per nested array: `a = [[[[…]]]]`
        raise ConfigError("config.too_deep", file=str(path)) from None
    lines = _key_lines(text)
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            if any(key.startswith(section + ".") for key in DEFAULTS):
                raise ConfigError(
                    "config.wrong_type",
                    file=str(path),
                    key=section,
                    expected=_expected("table"),
                    actual=_Shown(table),
                )
            raise ConfigError("config.unknown_key", file=str(path), key=section)
        if not any(key.startswith(section + ".") for key in DEFAULTS):
            raise ConfigError("config.unknown_key", file=str(path), key=section)
        for name, value in table.items():
            key = f"{section}.{name}"
            if key not in DEFAULTS:
                raise ConfigError("config.unknown_key", file=str(path), key=key)
            values[key] = _check_value(key, value, str(path))
    return values, lines


class _Shown:
    """A value as written in TOML (`true`, `"2024"`), for the `{actual!r}` of a message."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        value = self.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            import json

            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k} = {_Shown(v)!r}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(repr(_Shown(v)) for v in value) + "]"
        return str(value)

    __str__ = __repr__


class _Expected:
    """What a value should be, translated when the message is printed: the language is
    known only after the configuration that failed to load (e.g. from BRANCHTUI_LANG)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __str__(self) -> str:
        from branchtui.i18n import t

        return t(f"expected.{self.kind}")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _expected(kind: str) -> _Expected:
    return _Expected(kind)


def _check_value(key: str, value: Any, where: str) -> Any:
    """Check one value's type and range; raise naming the file (or variable) and key."""
    wanted = TYPES[key]
    type_name = {str: "string", int: "integer", bool: "boolean"}[wanted]
    # bool is an int in Python, so check it first and on its own.
    if (wanted is bool) != isinstance(value, bool) or not isinstance(value, wanted):
        raise ConfigError(
            "config.wrong_type",
            file=where,
            key=key,
            expected=_expected(type_name),
            actual=_Shown(value),
        )
    problem = _value_problem(key, value)
    if problem:
        raise ConfigError(
            "config.bad_value",
            file=where,
            key=key,
            expected=_expected(problem),
            actual=_Shown(value),
        )
    return value


def _value_problem(key: str, value: Any) -> str | None:
    """The kind of value expected when `value` is of the right type but not acceptable."""
    if key == "ui.language" and value not in ("zh", "en", "auto"):
        return "language"
    if key == "branch.year" and not 1900 <= value <= 2999:
        return "year"
    if key.startswith("rules.") and value < 0:
        return "nonnegative"
    if key == "branch.timezone" and not _valid_timezone(value):
        return "timezone"
    return None


def _valid_timezone(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _is_file(path: Path) -> bool:
    """Whether a config file stands at `path`; a name the system refuses (too long, a
    directory on the way not to be entered) is one clear error, not Python's."""
    try:
        return path.is_file()
    except OSError as error:
        raise ConfigError("config.unreadable", file=str(path), detail=os_reason(error)) from None


def load_settings(
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: str | None = None,
    system_path: Path | None = None,
    user_file_must_exist: bool = True,
) -> Settings:
    """Merge every layer. `flags` holds dotted keys given on the command line.

    A user file named by `--config` or BRANCHTUI_CONFIG must exist, except for `config init`
    (`user_file_must_exist=False`), which is there to create it.
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    system = system_path if system_path is not None else locations.system_config_path()
    settings.system_config = system

    explicit = config_file or env.get("BRANCHTUI_CONFIG") or None
    user = Path(explicit).expanduser() if explicit else locations.user_config_path()
    settings.user_config = user
    if explicit and user_file_must_exist and not _is_file(user):
        raise ConfigError("config.missing_file", file=str(user))

    for path in (system, user):
        if _is_file(path):
            values, lines = read_config_file(path)
            for key, value in values.items():
                line = lines.get(key) or lines.get(key.split(".")[0], 1)  # inline table
                settings.set(key, value, Source("file", str(path), line))

    for name, key in ENV_KEYS.items():
        value = env.get(name)
        if value:
            if key == "ui.language" and value not in ("zh", "en", "auto"):
                raise ConfigError(
                    "config.bad_env",
                    name=name,
                    actual=_Shown(value),
                    expected=_expected("language"),
                )
            settings.set(key, value, Source("env", name))

    for key, value in (flags or {}).items():
        if value is not None:
            settings.set(key, value, Source("flag"))
    return settings


def starter_config() -> str:
    """The text `config init` writes: the documented example with every setting commented out."""
    text = locations.example_config_path().read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        out.append("# " + line if _KEY.match(line) else line)
    return "\n".join(out) + "\n"


def write_starter_config(path: Path) -> None:
    """Create the user's config file; never overwrite one that exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = path.open("x", encoding="utf-8")
        except FileExistsError:
            raise ConfigError("config.exists", file=str(path)) from None
        with handle:
            handle.write(starter_config())
    except OSError as error:
        raise ConfigError("config.cannot_write", file=str(path), detail=os_reason(error)) from None
