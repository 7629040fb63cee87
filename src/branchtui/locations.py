"""Where branchtui keeps its files: functions, so nothing is created or looked up at import."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "branchtui"
SYSTEM_CONFIG = Path("/etc/branchtui/config.toml")


def user_config_path() -> Path:
    """The user's own configuration file (it may not exist).

    On Linux this is the XDG rule platformdirs follows ($XDG_CONFIG_HOME, else ~/.config),
    written out here because importing platformdirs costs ~20 ms and every `status` needs
    this path; tests/test_locations.py checks both agree. Elsewhere, platformdirs decides.
    """
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CONFIG_HOME", "").strip()
        # The XDG spec ignores a relative path, as platformdirs does.
        root = Path(base) if os.path.isabs(base) else Path.home() / ".config"
        return root / APP_NAME / "config.toml"
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
