"""会议议定事项: decisions of a meeting, each followed to its end."""
from duban.tasks.kinds.base import Kind

KIND = Kind(name="meeting", label="会议议定事项", default_source="meeting")
