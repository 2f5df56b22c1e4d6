"""/api/units and /api/users: read within reach; admins write within their subtree."""
from ninja import Field, Router, Schema, Status

from duban.api.schemas import Error, InvalidInput
from duban.orgchart import services as oc

router = Router(tags=["org"])
ERRORS = {400: Error, 401: Error, 404: Error, 422: InvalidInput}


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent: str | None


class UnitIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    parent: str | None = Field(None, max_length=100)
    kind: str = Field("department", max_length=20)
    short_name: str = Field("", max_length=40)


class RoleOut(Schema):
    unit: str
    role: str


class UserOut(Schema):
    username: str
    display_name: str
    title: str
    email: str
    is_active: bool
    roles: list[RoleOut]


class UserIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    unit: str = Field(..., max_length=100)
    role: str = Field(..., max_length=20)
    email: str = Field("", max_length=254)
    display_name: str = Field("", max_length=60)
    title: str = Field("", max_length=100)


class UserCreated(UserOut):
    invited: bool


class UserPatch(Schema):
    email: str | None = Field(None, max_length=254)
    display_name: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=100)


def unit_out(unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "parent": unit.parent.name if unit.parent else None}


def user_out(user) -> dict:
    return {"username": user.username, "display_name": user.display_name, "title": user.title, "email": user.email,
            "is_active": user.is_active, "roles": [{"unit": m.unit.name, "role": m.role} for m in user.memberships.all()]}


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def list_units(request):
    """Units of the caller's subtrees and the chain above them, in tree order."""
    return [unit_out(u) for u in oc.units_visible_to(request.auth)]


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request, unit_id: int):
    return unit_out(oc.access_unit(request.auth, unit_id))


@router.post("/units", response={201: UnitOut, **ERRORS})
def create_unit(request, payload: UnitIn):
    """Admins only, under a unit they administer."""
    return Status(201, unit_out(oc.unit_create_within(actor=request.auth, **payload.dict())))


@router.get("/users", response={200: list[UserOut], **ERRORS})
def list_users(request):
    return [user_out(u) for u in oc.users_visible_to(request.auth)]


@router.get("/users/{username}", response={200: UserOut, **ERRORS})
def get_user(request, username: str):
    return user_out(oc.access_user(request.auth, username))


@router.post("/users", response={201: UserCreated, **ERRORS})
def create_user(request, payload: UserIn):
    """Admins only; the new person gets a one-time link by mail to set a password."""
    user, invited = oc.user_create_within(actor=request.auth, **payload.dict())
    return Status(201, {**user_out(user), "invited": invited})


@router.patch("/users/{username}", response={200: UserOut, **ERRORS})
def update_user(request, username: str, payload: UserPatch):
    oc.access_user(request.auth, username)
    return user_out(oc.user_update_within(actor=request.auth, username=username, **payload.dict()))
