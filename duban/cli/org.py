"""unit add/list, user add/list/set-email/set-password/unlock/deactivate."""
import sys

from duban.cli.common import actor_arg, actor_of, json_arg


def register(sub) -> None:
    unit = sub.add_parser("unit", help="单位").add_subparsers(dest="unit_command", required=True)
    p = unit.add_parser("add", help="新增单位")
    p.add_argument("name")
    p.add_argument("--parent")
    p.add_argument("--kind", default="department")
    p.add_argument("--short-name", default="")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_unit_add)
    p = unit.add_parser("list", help="列出单位树")
    json_arg(p)
    p.set_defaults(handler=cmd_unit_list)

    user = sub.add_parser("user", help="用户").add_subparsers(dest="user_command", required=True)
    p = user.add_parser("add", help="新增用户")
    p.add_argument("username")
    p.add_argument("--unit", required=True)
    p.add_argument("--role", required=True, help="supervisor | liaison | leader | auditor | observer | admin")
    p.add_argument("--password", required=True)
    p.add_argument("--name", default="", help="姓名")
    p.add_argument("--title", default="", help="职务")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_add)
    p = user.add_parser("token", help="为脚本签发 API 令牌（只显示一次）")
    p.add_argument("username")
    p.add_argument("--name", default="")
    p.add_argument("--days", type=int, help="有效天数（默认 DUBAN_API_TOKEN_DAYS，90天）")
    p.set_defaults(handler=cmd_user_token)
    p = user.add_parser("revoke-tokens", help="吊销该用户的全部 API 令牌和日历订阅地址")
    p.add_argument("username")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_revoke_tokens)
    p = user.add_parser("list", help="列出用户")
    json_arg(p)
    p.set_defaults(handler=cmd_user_list)
    _register_user_changes(user)


def _register_user_changes(user) -> None:
    p = user.add_parser("set-email", help="设置电子邮件地址（收邮件通知需要）")
    p.add_argument("username")
    p.add_argument("email", help="电子邮件地址；空字符串表示删除")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_set_email)
    p = user.add_parser("set-password", help="重置密码（同时解除登录锁定）")
    p.add_argument("username")
    p.add_argument("--password", required=True)
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_set_password)
    p = user.add_parser("unlock", help="解除连续输错密码造成的登录锁定")
    p.add_argument("username")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_unlock)
    p = user.add_parser("deactivate", help="停用账号（不能再登录，不再收到通知；记录保留）")
    p.add_argument("username")
    actor_arg(p, required=False)
    p.set_defaults(handler=cmd_user_deactivate)


def cmd_unit_add(args):
    from duban.org.services import unit_create

    unit = unit_create(actor=actor_of(args), name=args.name, parent=args.parent, kind=args.kind,
                       short_name=args.short_name)
    return f"已新增单位「{unit.name}」"


def cmd_unit_list(args):
    from duban.org.models import Unit

    units = list(Unit.objects.select_related("parent"))
    if args.json:
        return [{"id": u.pk, "name": u.name, "short_name": u.short_name, "kind": u.kind,
                 "parent": u.parent.name if u.parent else None} for u in units]
    return "\n".join("  " * (u.path.count("/") - 2) + f"{u.name}（{u.get_kind_display()}）" for u in units)


def cmd_user_add(args):
    from duban.org.services import user_create

    user = user_create(actor=actor_of(args), username=args.username, password=args.password, unit=args.unit,
                       role=args.role, display_name=args.name, title=args.title)
    return f"已新增用户「{user.username}」"


def cmd_user_list(args):
    from duban.org.models import User
    from duban.org.selectors import with_memberships

    users = with_memberships(User.objects.all()).order_by("username")
    rows = [{"username": u.username, "name": u.display_name,
             "roles": [{"unit": m.unit.name, "role": m.role} for m in u.memberships.all()]} for u in users]
    if args.json:
        return rows
    return "\n".join(f"{r['username']:<14}{r['name']:<8}" + "；".join(f"{x['unit']} {x['role']}" for x in r["roles"])
                     for r in rows)


def cmd_user_token(args):
    from duban.api.models import ApiToken
    from duban.core.errors import DomainError
    from duban.org.services import user_by_username

    if args.days is not None and not 1 <= args.days <= 3650:
        raise DomainError(f"「--days」应在 1 到 3650 之间，收到 {args.days}")
    key = ApiToken.issue(user_by_username(args.username), name=args.name, days=args.days)
    # Only the token on stdout, so `TOKEN=$(duban user token …)` captures exactly it; advice goes to stderr.
    print("duban: 请妥善保存：令牌只显示这一次。调用时加请求头 Authorization: Bearer <令牌>", file=sys.stderr)
    return key


def cmd_user_revoke_tokens(args):
    from duban.org.services import user_revoke_tokens

    count = user_revoke_tokens(actor=actor_of(args), username=args.username)
    return f"已吊销「{args.username}」的 {count} 个令牌"


def cmd_user_set_email(args):
    from duban.org.services import user_update

    user = user_update(actor=actor_of(args), username=args.username, email=args.email)
    return f"「{user.username}」的电子邮件地址为 {user.email or '（无）'}"


def cmd_user_set_password(args):
    from duban.org.services import user_set_password

    user_set_password(actor=actor_of(args), username=args.username, password=args.password)
    return f"已重置「{args.username}」的密码"


def cmd_user_unlock(args):
    from duban.org.services import user_unlock

    lifted = user_unlock(actor=actor_of(args), username=args.username)
    return f"已解除「{args.username}」的登录锁定（{lifted} 处）"


def cmd_user_deactivate(args):
    from duban.org.services import user_deactivate

    user_deactivate(actor=actor_of(args), username=args.username)
    return f"已停用「{args.username}」"
