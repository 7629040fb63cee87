"""History keeps personal numbers masked: old phone and ID numbers no longer pile up there.

Until now history stored a member's phone and ID number in clear before and after every
change, so a number cleared or replaced stayed readable in the history table. New history
rows are masked when written (`storage.uow`); this masks the rows already there, with the
same mask (at most the last 4 characters shown). Undo then asks for the numbers again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from branchtui.storage.private import PRIVATE_COLUMNS, mask

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _masked(text: str | None, private: tuple[str, ...]) -> str | None:
    if not text:
        return text
    values = json.loads(text)
    for key in private:
        if isinstance(values.get(key), str):
            values[key] = mask(values[key])
    return json.dumps(values, ensure_ascii=False)


def upgrade() -> None:
    connection = op.get_bind()
    for record, private in PRIVATE_COLUMNS.items():
        rows = connection.execute(
            sa.text("SELECT id, before, after FROM history WHERE record = :record"),
            {"record": record},
        ).fetchall()
        updates = [
            {"id": row_id, "before": _masked(before, private), "after": _masked(after, private)}
            for row_id, before, after in rows
        ]
        if updates:
            connection.execute(
                sa.text("UPDATE history SET before = :before, after = :after WHERE id = :id"),
                updates,
            )


def downgrade() -> None:
    """The numbers are gone from history: nothing to restore."""
