"""Loading generated files as an auditor would, for the analytics tests."""
import csv
from pathlib import Path

from duban.analytics import generate
from duban.analytics.loading import source_load

EMPLOYEES = {"person": "姓名", "id_number": "身份证号", "bank_account": "银行账号", "phone": "电话", "address": "地址"}
DEATHS = {"id_number": "身份证号", "death_date": "死亡日期"}
STANDARDS = {"category": "费用类别", "standard_amount": "标准"}


def write_dicts(path: Path, rows: list[dict], encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def load_world(world, tmp_path: Path, *, plant: bool = True, n: int = 600):
    rows, truth, employees, deaths, standards = generate.payments(n, plant=plant)
    actor, programme = world.auditor, world.programme.name
    kwargs = {"actor": actor, "programme": programme, "audited_unit": "区审计局"}
    source_load(path=generate.write_csv(tmp_path / "payments.csv", rows), name="付款", mapping=generate.MAPPING, **kwargs)
    source_load(path=write_dicts(tmp_path / "employees.csv", employees), name="职工", mapping=EMPLOYEES, **kwargs)
    source_load(path=write_dicts(tmp_path / "deaths.csv", deaths), name="死亡登记", mapping=DEATHS, **kwargs)
    source_load(path=write_dicts(tmp_path / "standards.csv", standards), name="开支标准", mapping=STANDARDS, **kwargs)
    return truth


OTHER = {"deceased_payee": "死亡登记", "vendor_employee": "职工", "over_standard": "开支标准"}
