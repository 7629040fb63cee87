"""Setting up: `init`, `demo`, `backup` and `config init|path|show`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from branchtui.cli.context import Context
from branchtui.i18n import t


def register(command: Callable[..., Any]) -> None:
    """Add this module's commands to the parser."""
    from branchtui.cli.main import nested

    init = command("init", t("help.init"), "branchtui.cli.setup:init")
    init.add_argument("--demo", action="store_true", help=t("help.init.demo"))
    init.add_argument("--name", help=t("help.init.name"))

    # `demo --db PATH` is the global --db, read here as "a new or empty file only".
    command("demo", t("help.demo"), "branchtui.cli.setup:demo")

    backup = command("backup", t("help.backup"), "branchtui.cli.setup:backup")
    backup.add_argument("dest", metavar="DEST", help=t("help.backup.dest"))

    config = nested(command("config", t("help.config_cmd")), "config")
    config("init", t("help.config.init"), "branchtui.cli.setup:config_init")
    config("path", t("help.config.path"), "branchtui.cli.setup:config_path")
    config("show", t("help.config.show"), "branchtui.cli.setup:config_show")


def init(ctx: Context) -> int:
    """Create or migrate the database; name the branch; `--demo` loads the sample branch."""
    from branchtui.domain import branch
    from branchtui.storage.location import database_exists

    existed = database_exists(Path(ctx.db_path()))
    db = ctx.db(create=True)
    if ctx.args.demo:
        from branchtui.domain.demo import refuse_unless_empty

        refuse_unless_empty(db)  # before the branch is named: a refusal changes nothing
    name = branch.ensure(
        db, ctx.args.name or str(ctx.settings.get("branch.name")), rename=ctx.args.name is not None
    )
    if ctx.args.demo:
        from branchtui.domain.demo import load_demo

        load_demo(db, ctx.today)
    ctx.out(t("db.up_to_date" if existed else "db.created", path=str(db.path)))
    ctx.out(t("cli.init_named", name=name))
    return 0


def demo(ctx: Context) -> Any:
    """A fresh demo database (a temporary one, or a new or empty `--db` file), then the app,
    seen from DEMO_TODAY unless BRANCHTUI_TODAY names another day."""
    import os
    import tempfile

    from branchtui.cli.main import OpenApp
    from branchtui.config import load_settings
    from branchtui.domain import branch
    from branchtui.domain.dates import TODAY_VARIABLE
    from branchtui.domain.demo import load_demo
    from branchtui.domain.demo_data import BRANCH_NAME, DEMO_TODAY, DEMO_YEAR
    from branchtui.errors import BranchError
    from branchtui.storage.database import open_database
    from branchtui.storage.location import database_path

    if not os.environ.get(TODAY_VARIABLE):
        # This process (and the app it opens) sees the demo from its own day.
        os.environ[TODAY_VARIABLE] = DEMO_TODAY
        ctx.__dict__.pop("today", None)  # computed before? then again, from that day
    given = ctx.settings.sources["database.url"].kind == "flag"
    if given:
        reason = ctx.read_only_reason()
        if reason is not None:
            raise reason.error()  # a demo file is a new database: no files when read-only
        path = database_path(ctx.database_target()).absolute()
        configured = load_settings(config_file=getattr(ctx.args, "config", None))
        if path == database_path(configured.database_target).absolute():
            raise BranchError("cli.demo_db_is_configured", path=str(path))
        if path.exists() and path.stat().st_size > 0:
            raise BranchError("cli.demo_db_not_empty", path=str(path))
    else:
        path = Path(tempfile.mkdtemp(prefix="branchtui-demo-")) / "demo.db"
    db = open_database(str(path), user=ctx.settings.user_name, create=True)
    try:
        branch.ensure(db, BRANCH_NAME, rename=False)
        load_demo(db, ctx.today)
    finally:
        db.close()
    return OpenApp(target=str(path), demo=True, year=DEMO_YEAR)


def backup(ctx: Context) -> int:
    """A consistent copy of the database while others keep working: DEST is a new file,
    or an existing directory to hold `<db name>-<time>.db` (`bk/` must be a directory)."""
    import os
    from datetime import datetime

    from branchtui.errors import StorageError
    from branchtui.storage.backup import online_backup
    from branchtui.storage.location import Sharing

    db = ctx.db()
    given = ctx.args.dest
    dest = Path(given).expanduser()
    if dest.is_dir():
        dest = dest / f"{db.path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"
    elif given.endswith(("/", os.sep)):
        raise StorageError("file.no_directory", dir=given)
    online_backup(db.path, dest, Sharing(ctx.settings.get("database.group")))
    ctx.out(t("db.backup_done", dest=str(dest)))
    return 0


def config_init(ctx: Context) -> int:
    """Write a starter user configuration; never overwrite one."""
    from branchtui.config import write_starter_config

    path = ctx.settings.user_config
    assert path is not None
    write_starter_config(path)
    ctx.out(t("config.written", file=str(path)))
    return 0


def config_path(ctx: Context) -> int:
    """Where each layer lives, and whether it exists."""
    rows = [
        ("config.layer.user", ctx.settings.user_config),
        ("config.layer.system", ctx.settings.system_config),
        ("config.layer.database", Path(ctx.db_path())),
    ]
    for key, path in rows:
        state = "config.layer.exists" if path and path.exists() else "config.layer.absent"
        ctx.out(f"{t(key)}: {path} {t(state)}")
    return 0


def config_show(ctx: Context) -> int:
    """Every setting with its effective value and where it came from."""
    settings = ctx.settings
    for key, value in settings.values.items():
        shown = _effective(ctx, key, value)
        ctx.out(f"{key} = {shown}  # {settings.sources[key].describe()}")
    return 0


def _effective(ctx: Context, key: str, value: Any) -> str:
    if value is None:
        value = {
            "branch.year": ctx.year,
            "database.url": ctx.db_path(),
            "user.name": ctx.settings.user_name,
        }.get(key, "")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)
