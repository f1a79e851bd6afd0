"""SMART check of free-text goals."""

from assistant.diagnosis.smart import check_goal


def test_the_issue_example_is_smart():
    result = check_goal("tăng doanh thu 20% trong quý 1 nhờ kênh Zalo")
    assert result.criteria == {"S": True, "M": True, "A": True, "R": True, "T": True}
    assert result.missing == []
    assert "20%" in result.rewritten and "quý 1" in result.rewritten and "Zalo" in result.rewritten


def test_a_vague_brand_goal_misses_everything_and_gets_a_template():
    result = check_goal("tăng nhận diện thương hiệu")
    assert result.missing == ["S", "M", "A", "R", "T"]
    assert "[X%]" in result.rewritten
    assert len(result.feedback) == 5 and result.feedback[0].startswith("S")


def test_no_deadline_is_not_time_bound():
    result = check_goal("đạt 500 lead chất lượng từ Facebook")
    assert result.criteria["M"] and result.criteria["R"]
    assert result.missing == ["T"]


def test_tenfold_growth_is_not_achievable():
    result = check_goal("tăng doanh thu gấp 10 trong tháng này")
    assert result.missing == ["A"]


def test_percent_over_100_is_not_achievable():
    assert check_goal("tăng doanh thu 300% trong quý 2").missing == ["A"]


def test_followers_alone_are_not_relevant():
    result = check_goal("tăng 5.000 follower trong tháng 3")
    assert "R" in result.missing and result.criteria["M"] and result.criteria["T"]


def test_english_goal_and_feedback():
    result = check_goal("increase revenue by 15% by end of the quarter via email", lang="en")
    assert result.missing == []
    assert result.rewritten.startswith("Increase revenue by 15%")
