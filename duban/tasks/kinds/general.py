"""综合督办: the plain loop, with nothing added."""
from duban.tasks.kinds.base import Kind

KIND = Kind(name="general", label="综合督办", default_source="plan")
