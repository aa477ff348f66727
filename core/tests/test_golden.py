"""assert_golden: a list of labels against its golden file, and the rewrite with UPDATE_GOLDEN=1."""

import pytest

from core.tests import golden
from core.tests.golden import assert_golden, golden_path, read_golden

LABELS = ["企业名称", "统一社会信用代码", "", " 前后空格 "]


@pytest.fixture
def here(tmp_path):
    return str(tmp_path / "test_something.py")


def test_the_file_sits_in_the_test_s_golden_folder(here, tmp_path):
    assert golden_path(here, "forms/2-9.indicators") == tmp_path / "golden" / "forms" / "2-9.indicators.txt"


def test_update_writes_one_label_a_line_and_the_same_list_then_passes(here, monkeypatch):
    monkeypatch.setattr(golden, "UPDATE", True)
    assert_golden(LABELS, here=here, name="labels")
    path = golden_path(here, "labels")
    assert path.read_text(encoding="utf-8") == "企业名称\n统一社会信用代码\n\n 前后空格 \n"
    assert read_golden(path) == LABELS
    monkeypatch.setattr(golden, "UPDATE", False)
    assert_golden(iter(LABELS), here=here, name="labels")


def test_a_difference_fails_with_the_diff(here, monkeypatch):
    monkeypatch.setattr(golden, "UPDATE", True)
    assert_golden(LABELS, here=here, name="labels")
    monkeypatch.setattr(golden, "UPDATE", False)
    with pytest.raises(pytest.fail.Exception) as excinfo:
        assert_golden(["企业名称", "法定代表人", "", " 前后空格 "], here=here, name="labels")
    message = str(excinfo.value)
    assert "labels.txt" in message and "-统一社会信用代码" in message and "+法定代表人" in message
    assert "UPDATE_GOLDEN=1" in message


def test_a_missing_file_says_how_to_make_it(here):
    with pytest.raises(AssertionError, match="UPDATE_GOLDEN=1"):
        assert_golden(LABELS, here=here, name="missing")


def test_an_empty_list_round_trips(here, monkeypatch):
    monkeypatch.setattr(golden, "UPDATE", True)
    assert_golden([], here=here, name="empty")
    assert read_golden(golden_path(here, "empty")) == []


@pytest.mark.parametrize("label", ["两\n行", "回车\r", 3])
def test_a_label_must_be_one_line_of_text(here, label):
    with pytest.raises(AssertionError, match="not one line"):
        assert_golden(["企业名称", label], here=here, name="labels")
