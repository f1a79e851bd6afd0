"""One settings object for the whole application (environment variables, `.env`).

The product's folders `prompts/` and `knowledge/` sit at the top of the repository; the wheel
carries them inside the package as `assistant/_resources/`. `resource_dir(name)` finds whichever
this process has: the packaged copy in an installed wheel, the top-level folder in a checkout.
"""

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the checkout's root; site-packages in an installed wheel
PACKAGED = "_resources"  # where the wheel puts the top-level folders (pyproject.toml: wheel sources)
PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "placeholder", "xxx"}


class Settings(BaseSettings):
    """Every knob GrowthDoc reads; prefix `GROWTHDOC_` except the OpenAI variables."""

    model_config = SettingsConfigDict(
        env_prefix="GROWTHDOC_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        populate_by_name=True,  # Settings(openai_api_key=…) as well as the OPENAI_API_KEY alias
    )

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./data")
    knowledge_dir: Path = Field(default_factory=lambda: resource_dir("knowledge"))
    prompts_dir: Path = Field(default_factory=lambda: resource_dir("prompts"))

    # storage
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "growthdoc_knowledge"
    # how often a running instance re-reads which collection is current (a rebuild elsewhere switches it);
    # a search on a collection a rebuild dropped re-reads it at once
    chroma_recheck_s: float = 30.0
    # a Chroma server behind TLS (`chroma_ssl_verify`: false, or a CA bundle's path for a private CA) and
    # token auth (Chroma's token provider: `Authorization: Bearer <token>` or `X-Chroma-Token: <token>`);
    # `chroma_headers` go with every request too (e.g. a gateway's key in front of the server)
    chroma_ssl: bool = False
    chroma_ssl_verify: bool | Path = True
    chroma_token: str | None = None
    chroma_token_header: Literal["Authorization", "X-Chroma-Token"] = "Authorization"
    chroma_headers: dict[str, str] = {}
    database_url: str | None = None
    max_upload_mb: float = 20.0
    currency_rates: dict[str, float] = {}  # {"USD": 25400}: files in USD are converted into VND when combined
    # uploads from the network are read in a worker process (assistant/conversation/isolation.py):
    # its address-space limit, its wall-clock limit, and how many read at once; 0 MB reads in-process
    upload_worker_memory_mb: int = 2048
    upload_worker_timeout_s: float = 30.0
    upload_workers: int = 2
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
    llm_timeout_s: float = 30.0  # one request at most; the turn's deadline cuts it shorter
    llm_turn_deadline_s: float = 60.0  # the whole LLM turn (every request, the corrective retry); then offline
    llm_max_tool_rounds: int = 4
    llm_max_tokens: int = 600  # sent with every request: a small model cannot loop for thousands of tokens
    llm_temperature: float = 0.2

    # logs: text lines or JSON objects, each with its request id; secrets are always redacted
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"

    # web server
    host: str = "127.0.0.1"
    port: int = 8000
    require_keys: bool = False
    admin_token: str | None = None  # bootstrap token of the admin API (creates workspaces)
    # offline turns computed at once per process; the others wait their turn (0: no limit; not applied
    # when a language model answers, whose turns mostly wait on the network)
    offline_turns_at_once: int = 2
    rate_limit_ip_per_min: int = 120
    rate_limit_session_per_min: int = 30
    rate_limit_storage: str = "memory://"  # limits storage URI; redis://host:6379 shares counters between instances
    rate_limit_timeout_s: float = 1.0  # a Redis slower than this to connect or answer: the request is let through
    # Addresses (IPs or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed; empty: none is,
    # not even loopback, so a caller cannot pick the address the rate limiter counts.
    trusted_proxies: list[str] = Field(default_factory=list)
    public_url: str | None = None  # e.g. https://chat.shop.vn: the demo page's absolute links (never the Host header)

    # request bodies, refused with 413 while they are read (uploads: max_upload_mb plus the form's overhead)
    body_limit_messages_kb: int = 64
    body_limit_diagnose_kb: int = 256
    body_limit_openai_kb: int = 1024
    body_limit_webhooks_kb: int = 1024
    body_limit_uploads_mb: float | None = None
    body_limit_other_kb: int = 64
    header_limit_kb: int = 32  # all of a request's headers together; more is refused with 431

    # OpenAI-compatible door: a server (admin) key by default; widget keys are public, so off by default
    openai_allow_widget_keys: bool = False

    # webhooks: deliveries older than this are refused as replays; seen event ids are kept as long
    webhook_replay_window_min: int = 48 * 60
    # the inbox (assistant/conversation/inbox.py): workers per channel and instance, how long a claimed
    # event is held before another worker may take it (renewed while its turn runs), how often other
    # instances' events are looked for, and the backlog past which deliveries are refused with 503
    webhook_workers: int = 2
    webhook_lease_s: float = 120.0
    webhook_poll_s: float = 0.5
    webhook_max_backlog: int = 5000
    # a reply message whose call to the platform was under way when its process died: counted as sent
    # (false: no duplicate, a gap only if the process died before the request left) or sent again (true)
    webhook_resend_interrupted: bool = False
    # hosts a platform file may be downloaded from (a name matches itself and its subdomains; an IP
    # address listed here is trusted as is, for local fakes); other hosts and private addresses are refused
    download_allowed_hosts: list[str] = Field(default_factory=lambda: [
        "fbcdn.net", "fbsbx.com", "facebook.com", "zdn.vn", "zadn.vn", "zalo.me", "zaloapp.com"])

    # Messenger
    messenger_app_secret: str | None = None
    messenger_verify_token: str | None = None
    messenger_page_token: str | None = None
    # the Graph API version of the Send API: v25.0 is available until 29 July 2028 (v21.0, the earlier
    # default, retires on 21 January 2027); `{graph_version}` in the base URL is replaced by it
    messenger_graph_version: str = "v25.0"
    messenger_api_base: str = "https://graph.facebook.com/{graph_version}"

    # Zalo OA
    zalo_app_id: str | None = None
    zalo_oa_secret: str | None = None
    zalo_access_token: str | None = None
    zalo_refresh_token: str | None = None
    zalo_app_secret: str | None = None
    zalo_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"
    # the access token (about 25 h) is renewed this long before it expires, checked this often; renewing
    # also keeps the 3-month refresh token alive on a quiet account
    zalo_refresh_ahead_s: float = 3600.0
    zalo_token_check_s: float = 300.0

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> "Settings":
        if self.env != "production":
            return self
        for name in ("openai_api_key", "messenger_app_secret", "zalo_oa_secret", "zalo_app_secret", "admin_token",
                     "chroma_token"):
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
    def upload_body_limit_mb(self) -> float:
        return self.body_limit_uploads_mb or self.max_upload_mb + 1.0

    @property
    def messenger_api_url(self) -> str:
        """The Send API's base URL with the configured Graph API version."""
        return self.messenger_api_base.replace("{graph_version}", self.messenger_graph_version)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)


def checkout() -> Path | None:
    """The repository this code runs from, or None in an installed wheel (evals and git need one)."""
    return PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").is_file() else None


@lru_cache
def resource_dir(name: str) -> Path:
    """The folder `name` (`prompts`, `knowledge`) as this install has it: packaged copy, else the checkout's."""
    packaged = files("assistant").joinpath(PACKAGED, name)
    if packaged.is_dir():
        return Path(str(packaged))  # wheels install unzipped: a real directory
    return PROJECT_ROOT / name


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing env."""
    return Settings()
