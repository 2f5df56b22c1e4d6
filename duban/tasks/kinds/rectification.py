"""What audit and inspection findings share: the rectification fields and the 整改台账 layout."""
from duban.tasks.kinds.base import ExtraField

RECTIFICATION_CLASSES = (("immediate", "立行立改"), ("staged", "分阶段整改"), ("ongoing", "持续整改"))

RECTIFICATION_FIELDS = {
    "problem_category": ExtraField("问题类别"),
    "rectification_class": ExtraField("整改类型", "choice", RECTIFICATION_CLASSES),
    "measures": ExtraField("整改措施"),
    "remarks": ExtraField("备注"),
}
