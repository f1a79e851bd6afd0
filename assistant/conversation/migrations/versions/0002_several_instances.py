"""Several instances: the durable webhook inbox (replaces the seen ids), uploads' bytes and platform tokens in the database."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_inbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(255), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim", sa.String(64), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.UniqueConstraint("channel", "event_id", name="uq_webhook_inbox_event"),
    )
    op.create_index("ix_webhook_inbox_user", "webhook_inbox", ["channel", "user_id", "id"])
    op.create_index("ix_webhook_inbox_open", "webhook_inbox", ["channel", "done_at"])
    op.create_index("ix_webhook_inbox_received_at", "webhook_inbox", ["received_at"])
    # the ids seen before move in as answered events, so a late redelivery is still dropped
    op.execute("INSERT INTO webhook_inbox (channel, event_id, user_id, payload, received_at, attempts, done_at, outcome) "
               "SELECT channel, event_id, '', '{}', seen_at, 0, seen_at, 'answered' FROM webhook_seen_events")
    op.drop_index("ix_webhook_seen_events_seen_at", table_name="webhook_seen_events")
    op.drop_table("webhook_seen_events")
    op.create_table(
        "upload_blobs",
        sa.Column("id", sa.String(32), sa.ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "channel_tokens",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("channel_tokens")
    op.drop_table("upload_blobs")
    op.create_table(
        "webhook_seen_events",
        sa.Column("channel", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_webhook_seen_events_seen_at", "webhook_seen_events", ["seen_at"])
    op.drop_table("webhook_inbox")
