"""One settings object for the whole application (environment variables, `.env`)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "placeholder", "xxx"}


class Settings(BaseSettings):
    """Every knob GrowthDoc reads; prefix `GROWTHDOC_` except the OpenAI variables."""

    model_config = SettingsConfigDict(
        env_prefix="GROWTHDOC_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # storage
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "growthdoc_knowledge"
    database_url: str | None = None
    max_upload_mb: float = 20.0
    # upload quotas (count and megabytes on disk) per conversation and per workspace
    upload_quota_session_files: int = 20
    upload_quota_session_mb: float = 100.0
    upload_quota_workspace_files: int = 2000
    upload_quota_workspace_mb: float = 2000.0
    retention_days: int = 0  # sessions idle longer, and older uploads, go at `growthdoc purge`; 0 = keep forever

    # language model (OpenAI-compatible); no key means the offline engine answers
    openai_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "GROWTHDOC_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "GROWTHDOC_OPENAI_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    llm_timeout_s: float = 30.0
    llm_max_tool_rounds: int = 4

    # web server
    host: str = "127.0.0.1"
    port: int = 8000
    require_keys: bool = False
    admin_token: str | None = None  # bootstrap token of the admin API (creates workspaces)
    rate_limit_ip_per_min: int = 120
    rate_limit_session_per_min: int = 30
    rate_limit_storage: str = "memory://"  # limits storage URI; redis://host:6379 shares counters between instances

    # Messenger
    messenger_app_secret: str | None = None
    messenger_verify_token: str | None = None
    messenger_page_token: str | None = None
    messenger_api_base: str = "https://graph.facebook.com/v21.0"

    # Zalo OA
    zalo_app_id: str | None = None
    zalo_oa_secret: str | None = None
    zalo_access_token: str | None = None
    zalo_refresh_token: str | None = None
    zalo_app_secret: str | None = None
    zalo_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "Settings":
        if self.env != "production":
            return self
        for name in ("openai_api_key", "messenger_app_secret", "zalo_oa_secret", "zalo_app_secret", "admin_token"):
            value = getattr(self, name)
            if value and value.strip().lower() in PLACEHOLDER_SECRETS:
                raise ValueError(f"{name} is a placeholder; set a real secret in production")
        return self

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'growthdoc.db').resolve()}"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing env."""
    return Settings()
