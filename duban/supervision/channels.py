"""Sending one outbox message on its channel. Each sender raises on failure; the outbox retries."""
import base64
import hashlib
import hmac
import json
import time
import urllib.parse

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from duban.core import clock
from duban.core.errors import DomainError
from duban.supervision import robotpost
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


# How long a robot may take to accept the connection and to answer.
POST_TIMEOUT_SECONDS = 15


def _post(url: str, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    try:  # checked again here: the name may point elsewhere since it was saved
        status, reply = robotpost.post(url, body, headers={"Content-Type": "application/json; charset=utf-8"},
                                       timeout=POST_TIMEOUT_SECONDS)
    except DomainError as exc:
        raise DeliveryError(str(exc)) from None
    if 300 <= status < 400:  # a robot answers; it does not send the server on to another address
        raise DeliveryError(f"机器人地址返回跳转（{status}），未跟随")
    if status >= 400:
        raise DeliveryError(f"机器人地址返回错误（HTTP {status}）：{reply[:200]!r}")
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
