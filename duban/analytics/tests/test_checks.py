"""Check characters against published examples, not against codes this package generated."""
from duban.analytics.checks import credit_code_problem, id_number_problem

# The sample numbers printed in the standards' explanations and in public guidance.
VALID_IDS = ["11010519491231002X", "440524188001010014"]
VALID_CODES = ["91350100M000100Y43"]


def test_published_examples_are_valid():
    for value in VALID_IDS:
        assert id_number_problem(value) == "", value
    for value in VALID_CODES:
        assert credit_code_problem(value) == "", value


def test_each_kind_of_mistake_is_named():
    assert "校验码应为 X" in id_number_problem("110105194912310021")
    assert "出生日期" in id_number_problem("110105194902301234")
    assert "18位" in id_number_problem("11010519491231002")
    assert "校验码应为 3" in credit_code_problem("91350100M000100Y44")
    assert "组织机构代码校验码" in credit_code_problem("91350100M000100X43")
    assert "不含 I、O、Z、S、V" in credit_code_problem("91350100M000100YO3")
