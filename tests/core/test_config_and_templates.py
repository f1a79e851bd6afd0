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


def test_an_edited_prompt_is_rendered_as_edited_though_compiled_templates_are_kept(tmp_path):
    """Compiled templates outlive the process (Jinja's bytecode cache): a changed file must not be served stale."""
    from assistant.core import templates

    (tmp_path / "vi").mkdir()
    page = tmp_path / "vi" / "note.md.j2"
    page.write_text("Xin chào {{ who }}", encoding="utf-8")
    templates.use_prompts(tmp_path)
    try:
        assert templates.render("note.md.j2", "vi", who="An") == "Xin chào An"
        page.write_text("Chào mừng {{ who }}", encoding="utf-8")
        templates._environment.cache_clear()  # as a new process would start: only the kept bytecode is left
        assert templates.render("note.md.j2", "vi", who="An") == "Chào mừng An"
    finally:
        templates.use_prompts(None)
        templates._environment.cache_clear()


def test_a_cache_folder_that_cannot_be_read_or_written_only_costs_the_compile(tmp_path, monkeypatch):
    from jinja2 import FileSystemBytecodeCache

    from assistant.core import templates

    def refuse(self, bucket):
        raise PermissionError("read-only")

    monkeypatch.setattr(FileSystemBytecodeCache, "dump_bytecode", refuse)
    monkeypatch.setattr(FileSystemBytecodeCache, "load_bytecode", refuse)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "note.md.j2").write_text("Hello {{ who }}", encoding="utf-8")
    templates.use_prompts(tmp_path)
    try:
        assert templates.render("note.md.j2", "en", who="An") == "Hello An"
    finally:
        templates.use_prompts(None)
        templates._environment.cache_clear()
