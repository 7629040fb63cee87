"""Covering indexes for the quick `status` path.

`status` reads (id, due, status, progress) of a year's items and (item_id, done) of their
steps; with these indexes SQLite reads only the indexes, not the wide rows with titles and
text (on SPEC §9's 10,000 items, about a third less time in the queries).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plan_item_summary", ["year", "id", "due", "status", "progress"], unique=False
        )
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.create_index("ix_step_item_done", ["item_id", "done"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("step", schema=None) as batch_op:
        batch_op.drop_index("ix_step_item_done")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_item_summary")
