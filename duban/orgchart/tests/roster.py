"""Rosters (花名册) as an office keeps them: a title line, a header, rows."""
from openpyxl import Workbook

UNIT_HEADER = ["单位名称", "简称", "类型", "上级单位"]
PERSON_HEADER = ["姓名", "用户名", "单位", "角色", "职务", "电子邮件", "手机"]


def roster(path, units=(), people=(), *, unit_header=UNIT_HEADER, person_header=PERSON_HEADER):
    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["钱塘区单位花名册"])
    sheet.append(unit_header)
    for row in units:
        sheet.append(list(row))
    sheet = book.create_sheet("人员")
    sheet.append(person_header)
    for row in people:
        sheet.append(list(row))
    book.save(path)
    return path


UNITS = [("区发展和改革局", "区发改局", "部门", "钱塘区"),
         ("区发改局综合科", "", "机构", "区发展和改革局"),
         ("下沙街道", "", "街道", "钱塘区")]
PEOPLE = [("王芳", "wangfang", "区发展和改革局", "联络员", "科长", "wangfang@example.cn", "13800000001"),
          ("李强", "", "下沙街道", "督查员", "主任", "liqiang@example.cn", "138-0000-0002"),
          ("王芳", "wangfang", "区发改局综合科", "观察员", "", "", ""),
          ("赵敏", "zhaomin", "区审计局", "liaison", "", "", "13800000003")]
