"""巡视整改: feedback of an inspection tour, kept in the 整改台账."""
from duban.tasks.kinds.base import Kind
from duban.tasks.kinds.rectification import RECTIFICATION_FIELDS

KIND = Kind(name="inspection", label="巡视整改", default_source="inspection_feedback",
            extra_fields=RECTIFICATION_FIELDS, ledger_columns="rectification")
