"""A UTF-8 export with a broken byte deep inside is read whole: the byte becomes U+FFFD, the sums stay exact."""

from pathlib import Path

from assistant.kpi import read_export

SAMPLE = Path(__file__).parents[1] / "fixtures" / "samples" / "meta_ads_vi.csv"


def _big_export(tmp_path: Path, broken: bool) -> Path:
    """The sample's rows 200 times (past the 64 KB head), one campaign name broken in the last row."""
    header, *rows = SAMPLE.read_bytes().splitlines(keepends=True)
    body = rows * 200
    if broken:
        body[-1] = body[-1].replace("Tin nhắn".encode(), b"Tin nh\xff\xfen", 1)
        assert b"\xff" in body[-1]
    path = tmp_path / ("broken.csv" if broken else "clean.csv")
    path.write_bytes(header + b"".join(body))
    return path


def test_a_broken_byte_deep_in_a_file_changes_no_figure(tmp_path):
    clean = read_export(_big_export(tmp_path, broken=False))
    broken = read_export(_big_export(tmp_path, broken=True))
    assert broken.parts[0].rows == clean.parts[0].rows == 62 * 200
    assert broken.kpis == clean.kpis
    assert broken.snapshot.spend == clean.snapshot.spend > 0
