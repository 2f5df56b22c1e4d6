"""年度计划/行动方案: tasks of a year's plan."""
from duban.tasks.kinds.base import Kind

KIND = Kind(name="plan", label="年度计划/行动方案", default_source="plan")
