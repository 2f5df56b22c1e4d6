"""建议提案: deputies' suggestions and proposals answered by the units."""
from duban.tasks.kinds.base import Kind

KIND = Kind(name="suggestion", label="建议提案", default_source="suggestion")
