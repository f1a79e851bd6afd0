import pytest

from assistant.core.config import Settings, get_settings
from assistant.core.errors import UserFacingError
from assistant.core.lang import detect_lang, strip_diacritics
from assistant.core.templates import environment, text


def test_data_dir_comes_from_the_environment(isolated_settings, tmp_path):
    assert get_settings().data_dir == tmp_path / "data"
    assert get_settings().sqlalchemy_url.startswith("sqlite:///")


def test_no_key_means_offline(monkeypatch):
    assert not get_settings().llm_enabled
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    get_settings.cache_clear()
    assert get_settings().llm_enabled


def test_production_refuses_placeholder_secrets():
    with pytest.raises(ValueError, match="placeholder"):
        Settings(env="production", messenger_app_secret="changeme")


def test_short_messages_render_in_both_languages():
    vi = text("common.unexpected_error", lang="vi")
    en = text("common.unexpected_error", lang="en")
    assert "lỗi" in vi.lower() and "went wrong" in en.lower()


def test_user_facing_error_renders_in_the_users_language():
    err = UserFacingError("common.file_too_large", limit_mb=20, size_mb=31.5)
    assert "20" in err.message("vi") and "MB" in err.message("en")


def test_vietnamese_numbers_group_with_dots():
    assert environment("vi").from_string("{{ n | num(1) }}").render(n=1234567.5) == "1.234.567,5"
    assert environment("en").from_string("{{ n | num(1) }}").render(n=1234567.5) == "1,234,567.5"


@pytest.mark.parametrize(
    ("message", "lang"),
    [
        ("tháng rồi chạy ads hết 30 triệu", "vi"),
        ("thang roi chay ads het 30 trieu, chot duoc 12 don", "vi"),
        ("How do I improve my conversion rate?", "en"),
        ("we spent 30m on ads last month", "en"),
    ],
)
def test_language_detection(message, lang):
    assert detect_lang(message) == lang


def test_strip_diacritics_handles_d_with_stroke():
    assert strip_diacritics("Tỷ lệ chuyển đổi Đơn") == "Ty le chuyen doi Don"


def test_measurements_name_the_commit_they_measured():
    import re

    from assistant.core.revision import commit

    assert re.fullmatch(r"([0-9a-f]{7,}|unknown)(\+dirty)?", commit())
