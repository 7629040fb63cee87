"""Meeting records (三会一课) with their attendance; plan items remember what they continue.

`meeting` holds a 组织生活 record (SPEC §4: kind, day, place, host, recorder, group, topic,
content, lecturer, the plan item it serves); `meeting_attendance` one expected attendee
each, present, excused or absent with the reason. Both never hand out an id twice
(AUTOINCREMENT, as migration 0004 made every record table). `plan_item.carried_from` is
the uid of last year's item a carried-over item continues (`year start`).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("host_text", sa.String(), nullable=True),
        sa.Column("recorder_id", sa.Integer(), nullable=True),
        sa.Column("recorder_text", sa.String(), nullable=True),
        sa.Column("party_group", sa.String(), nullable=True),
        sa.Column("topic", sa.String(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("lecturer_id", sa.Integer(), nullable=True),
        sa.Column("lecturer_text", sa.String(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["host_id"], ["member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recorder_id"], ["member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["lecturer_id"], ["member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["item_id"], ["plan_item.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_uid", ["uid"], unique=True)
        batch_op.create_index("ix_meeting_held_on", ["held_on", "kind"], unique=False)
        batch_op.create_index("ix_meeting_item_id", ["item_id"], unique=False)

    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_attendance_meeting_member"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_attendance_uid", ["uid"], unique=True)
        batch_op.create_index(
            "ix_attendance_meeting", ["meeting_id", "status", "member_id"], unique=False
        )
        batch_op.create_index(
            "ix_attendance_member", ["member_id", "status", "meeting_id"], unique=False
        )

    # SQLite adds a column in place: no rebuild, plan_item keeps its AUTOINCREMENT.
    op.add_column("plan_item", sa.Column("carried_from", sa.String(length=36), nullable=True))
    op.create_index("ix_plan_item_carried_from", "plan_item", ["carried_from"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_item_carried_from")
        batch_op.drop_column("carried_from")
    op.drop_table("meeting_attendance")
    op.drop_table("meeting")
