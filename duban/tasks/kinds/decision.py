"""重大行政决策: the catalogue of major administrative decisions."""
from duban.tasks.kinds.base import Kind

KIND = Kind(name="decision", label="重大行政决策", default_source="decision_catalogue")
