"""The daily checkpoint of the event log, sent through the outbox to the recipients the installation
names (DUBAN_CHECKPOINT_MAIL addresses, DUBAN_CHECKPOINT_ROBOTS robot ids), once per day."""
from django.conf import settings
from django.db import transaction

from duban.core import clock
from duban.core.checkpoint import checkpoint_now
from duban.supervision.models import Channel, OutboxMessage, Webhook, WebhookKind

TITLE = "督办日志检查点"


def checkpoint_recipients() -> list[tuple[str, str]]:
    mail = [(Channel.EMAIL, a) for a in getattr(settings, "DUBAN_CHECKPOINT_MAIL", [])]
    hooks = Webhook.objects.filter(pk__in=getattr(settings, "DUBAN_CHECKPOINT_ROBOTS", []), active=True)
    robots = [(Channel.DINGTALK if h.kind == WebhookKind.DINGTALK else Channel.WECOM, str(h.pk)) for h in hooks]
    return mail + robots


def checkpoint_text(point) -> str:
    return (f"督办事件日志今日链尾：{len(point.heads)} 条链共 {point.events} 条事件，时间 {point.at}。\n"
            "请原样保存下面这一行；核对时存为文件，运行 duban verify-log --checkpoint 文件：\n"
            f"{point.as_text()}")


@transaction.atomic
def checkpoint_publish() -> int:
    """Queue today's checkpoint for each recipient; the outbox key makes a second call a no-op."""
    recipients = checkpoint_recipients()
    if not recipients:
        return 0
    point, now, day = checkpoint_now(), clock.now(), clock.today().isoformat()
    rows = [OutboxMessage(key=f"checkpoint:{day}:{channel}:{to}"[:200], channel=channel, recipient=to,
                          title=TITLE, text=checkpoint_text(point), next_attempt_at=now, created_at=now)
            for channel, to in recipients]
    taken = set(OutboxMessage.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True))
    fresh = [r for r in rows if r.key not in taken]
    OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)
