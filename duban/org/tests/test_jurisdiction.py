"""A unit's jurisdiction (the chain its tasks' events join): its nearest region in the tree."""
import pytest

from duban.org.jurisdiction import unit_jurisdictions
from duban.org.models import Unit
from duban.org.services import unit_create

pytestmark = pytest.mark.django_db


def test_a_unit_belongs_to_its_nearest_region():
    for name, parent, kind in [("浙江省", None, "region"), ("杭州市", "浙江省", "region"),
                               ("上城区", "杭州市", "region"), ("上城区审计局", "上城区", "department"),
                               ("上城区审计局一科", "上城区审计局", "body"), ("湖滨街道", "上城区", "street"),
                               ("杭州市财政局", "杭州市", "department"), ("省委办公厅", "浙江省", "department"),
                               ("某集团", None, "enterprise"), ("某集团子公司", "某集团", "enterprise")]:
        unit_create(actor=None, name=name, parent=parent, kind=kind)
    ids = {u.name: u.pk for u in Unit.objects.all()}
    found = {name: unit_jurisdictions([pk])[pk] for name, pk in ids.items()}
    assert found == {"浙江省": ids["浙江省"], "杭州市": ids["杭州市"], "上城区": ids["上城区"],
                     "上城区审计局": ids["上城区"], "上城区审计局一科": ids["上城区"], "湖滨街道": ids["上城区"],
                     "杭州市财政局": ids["杭州市"], "省委办公厅": ids["浙江省"],
                     "某集团": ids["某集团"], "某集团子公司": ids["某集团"]}  # no region above: the tree's root
    assert unit_jurisdictions(ids.values()) == {ids[name]: place for name, place in found.items()}  # in one call
