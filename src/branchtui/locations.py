"""Where branchtui keeps its files: functions, so nothing is created or looked up at import."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "branchtui"
SYSTEM_CONFIG = Path("/etc/branchtui/config.toml")


def user_config_path() -> Path:
    """The user's own configuration file (it may not exist)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def system_config_path() -> Path:
    """The configuration an administrator shares with every user of the server."""
    return SYSTEM_CONFIG


def default_database_path() -> Path:
    """The database used when no `[database] url`, `BRANCHTUI_DB` or `--db` names one."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "branch.db"


def example_config_path() -> Path:
    """The documented example configuration shipped inside the package."""
    return Path(__file__).with_name("config.example.toml")
