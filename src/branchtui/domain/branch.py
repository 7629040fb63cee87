"""The branch record: its name lives in the database once it is created."""

from __future__ import annotations

from sqlmodel import select

from branchtui.storage.database import Database
from branchtui.storage.models import Branch
from branchtui.storage.uow import UnitOfWork, snapshot


def ensure(db: Database, name: str, rename: bool) -> str:
    """Create the branch row if missing (or rename it when asked); return the branch's name."""
    with db.read() as session:
        current = session.exec(select(Branch)).first()
    if current is not None and (not rename or current.name == name):
        return current.name
    if db.read_only is not None:
        raise db.read_only.error()
    # Creating the branch row is part of setting the database up ("init"), which undo
    # leaves alone; renaming it later is an ordinary change.
    with UnitOfWork(db, "branch.set" if current is not None else "init") as uow:
        row = uow.session.exec(select(Branch)).first()
        if row is None:
            uow.add(Branch(name=name))
        else:
            before = snapshot(row)
            row.name = name
            uow.update(row, before)
    return name


def name(db: Database) -> str:
    """The branch's name as stored."""
    with db.read() as session:
        row = session.exec(select(Branch)).first()
    return row.name if row else ""
