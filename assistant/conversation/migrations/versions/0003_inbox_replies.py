"""The webhook inbox keeps each turn's reply and the message being sent, so an event taken again after a crash
sends what is missing instead of running its turn twice."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_inbox") as table:  # batch: SQLite alters by copying the table
        table.add_column(sa.Column("reply", sa.JSON(), nullable=True))
        table.add_column(sa.Column("sending", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhook_inbox") as table:
        table.drop_column("sending")
        table.drop_column("reply")
