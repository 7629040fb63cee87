"""Ids are never reused: AUTOINCREMENT on every record table.

Without it SQLite hands out max(id) + 1, so after the newest record is deleted (or its
creation undone) the next new record takes its id — and a later undo that restores the
deleted record fails ("UNIQUE constraint failed"), or history names two records by one
id. SQLite cannot add AUTOINCREMENT to a table in place: batch mode rebuilds each table
(its indexes, those of 0002 and 0003 included, are made again). The counter starts above every id
the table or its history ever held, so no id seen before is handed out again.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Parents before children (the copies run with foreign keys off, as every migration).
TABLES = (
    "member",
    "member_event",
    "plan_item",
    "step",
    "checklist",
    "checklist_entry",
    "checklist_check",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
        # The counter: above the highest id the table holds or its history names.
        op.execute(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
        op.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT"
            f" '{table}', max(coalesce((SELECT max(id) FROM {table}), 0),"
            f" coalesce((SELECT max(record_id) FROM history WHERE record = '{table}'), 0))"
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
