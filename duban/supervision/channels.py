"""Sending one outbox message on its channel. Each sender raises on failure; the outbox retries."""
import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from duban.core import clock
from duban.core.errors import DomainError
from duban.supervision.addresses import check_public
from duban.supervision.models import Channel, InAppNotice, OutboxMessage, Webhook


class DeliveryError(Exception):
    pass


def send(message: OutboxMessage) -> None:
    {Channel.EMAIL: _email, Channel.DINGTALK: _dingtalk, Channel.WECOM: _wecom,
     Channel.INAPP: _inapp}[message.channel](message)


def _email(message: OutboxMessage) -> None:
    connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 20)
    EmailMessage(subject=message.title, body=message.text, from_email=settings.DEFAULT_FROM_EMAIL,
                 to=[message.recipient], connection=connection).send()


def dingtalk_payload(message: OutboxMessage) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": message.title, "text": f"### {message.title}\n\n{message.text}"}}


def wecom_payload(message: OutboxMessage) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": f"**{message.title}**\n{message.text}"}}


def _dingtalk(message: OutboxMessage) -> None:
    hook = _hook(message)
    url = hook.url
    if hook.secret:  # DingTalk's "加签": HMAC of timestamp and secret, in the query string
        stamp = str(round(time.time() * 1000))
        digest = hmac.new(hook.secret.encode(), f"{stamp}\n{hook.secret}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest))
        url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={sign}"
    _post(url, dingtalk_payload(message))


def _wecom(message: OutboxMessage) -> None:
    _post(_hook(message).url, wecom_payload(message))


def _hook(message: OutboxMessage) -> Webhook:
    hook = Webhook.objects.filter(pk=int(message.recipient)).first()
    if hook is None:
        raise DeliveryError("机器人地址已被删除")
    return hook


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot answers; it does not send the server on to another address (an internal one)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise DeliveryError(f"机器人地址返回跳转（{code}），未跟随")


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, payload: dict) -> None:
    try:
        check_public(url, must_resolve=True)  # again: the name may point elsewhere since it was saved
    except DomainError as exc:
        raise DeliveryError(str(exc)) from None
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json; charset=utf-8"})
    with _opener.open(request, timeout=15) as response:
        reply = response.read()
    try:
        errcode = json.loads(reply or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        errcode = 0  # a receiver that does not answer JSON accepted it with its 2xx
    if errcode:
        raise DeliveryError(f"机器人拒收：{reply[:200]!r}")


def _inapp(message: OutboxMessage) -> None:
    # One notice per message (unique link), so a re-sent message is not shown twice.
    InAppNotice.objects.get_or_create(message=message, defaults={
        "user_id": int(message.recipient), "task_id": message.task_id, "title": message.title,
        "text": message.text, "created_at": clock.now()})
