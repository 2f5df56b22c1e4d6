"""Identifiers and people: invalid 身份证 and 统一社会信用代码, payments after death, vendors who are
employees."""
from duban.analytics.rules.base import Param, Rule

OTHER = Param("other", "对照数据源", "source", None)


def _id_sql(p):
    return "SELECT id_number AS k, row_no FROM t WHERE id_problem IS NOT NULL"


def _credit_sql(p):
    return "SELECT credit_code AS k, row_no FROM t WHERE credit_problem IS NOT NULL"


def _deceased_sql(p):
    return """
SELECT UPPER(t.id_number) AS k, t.row_no
FROM t JOIN (SELECT UPPER(id_number) AS id, MIN(death_day_no) AS died FROM other_src
             WHERE death_day_no IS NOT NULL AND id_number IS NOT NULL GROUP BY UPPER(id_number)) d
  ON UPPER(t.id_number) = d.id
WHERE t.day_no > d.died"""


MATCHES = [("account_digits", "银行账号"), ("phone_digits", "电话"), ("UPPER(id_number)", "身份证号"),
           ("address_digits", "地址门牌数字")]


def _vendor_employee_sql(p):
    parts = []
    for column, label in MATCHES:
        a, e = (column.replace("(", "(t.") if "(" in column else f"t.{column}",
                column.replace("(", "(e.") if "(" in column else f"e.{column}")
        parts.append(f"SELECT t.vendor || '|' || e.person || '|{label}' AS k, t.row_no FROM t JOIN other_src e "
                     f"ON {a} = {e} WHERE {a} IS NOT NULL AND LENGTH({a}) >= 3 AND t.vendor IS NOT NULL "
                     "AND e.person IS NOT NULL")
    return "\nUNION\n".join(parts)


def _vendor_employee_title(k, n, p):
    vendor, person, label = k.split("|")
    return f"收款方「{vendor}」与职工「{person}」{label}相同（{n} 笔付款）"


RULES = [
    Rule("id_invalid", "身份证号无效",
         "按 GB 11643 核对18位身份证号：位数、出生日期和最后一位校验码。无效号码可能是虚构人员或录入错误，虚列人员套取资金常见此类号码。",
         ("id_number",), (), _id_sql, lambda k, n, p: f"身份证号「{k}」无效（{n} 行）"),
    Rule("credit_invalid", "统一社会信用代码无效",
         "按 GB 32100 核对统一社会信用代码：18位字符集、第9–17位组织机构代码的校验码和第18位校验码。无效代码可能是虚构的供应商。",
         ("credit_code",), (), _credit_sql, lambda k, n, p: f"统一社会信用代码「{k}」无效（{n} 行）"),
    Rule("deceased_payee", "向已死亡人员付款",
         "付款日期晚于收款人死亡日期（按身份证号与死亡登记数据源比对）：常见于养老金、补贴冒领。",
         ("id_number", "date"), (OTHER,), _deceased_sql,
         lambda k, n, p: f"身份证号 {k} 死亡后仍有 {n} 笔付款", other_roles=("id_number", "death_date")),
    Rule("vendor_employee", "供应商与职工信息相同",
         "收款方的银行账号、电话、身份证号或地址门牌数字与职工名单中某人相同：可能是职工自办或关联的供应商。",
         ("vendor",), (OTHER,), _vendor_employee_sql, _vendor_employee_title, other_roles=("person",)),
]
