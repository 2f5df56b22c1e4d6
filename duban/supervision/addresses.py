"""Where a chat robot may be: on the public internet. A robot URL pointing at this machine, the
cloud's metadata address or the office's private network would let whoever sets it make the
server post to places no one outside can reach (SSRF); such addresses are refused when the URL is
saved and again just before each post (a name may resolve elsewhere by then), unless the operator
lists them in DUBAN_WEBHOOK_ALLOWED_HOSTS (an intranet DingTalk gateway, say). The post connects to
the very addresses checked here (`checked_addresses`), never resolving the name a second time: a DNS
answer that changes between check and connection (rebinding) would otherwise undo the check."""
import ipaddress
import socket
import urllib.parse

from django.conf import settings

from duban.core.errors import DomainError


def _allowed(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    for entry in settings.DUBAN_WEBHOOK_ALLOWED_HOSTS:
        if entry.lower() == host.lower():
            return True
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a host name, compared above
    return False


def _resolve(host: str, port: int) -> list[tuple]:
    """Each answer as (ip, family, sockaddr): what to check and where to connect."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    found = []
    for family, _type, _proto, _name, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        found.append((ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip, family, sockaddr))
    return found


def _host_port(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    try:
        return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise DomainError("机器人地址的端口无效", field="url") from None


def check_public(url: str, *, must_resolve: bool = False) -> None:
    """Refuse a URL whose host is, or resolves to, a loopback, link-local, private or otherwise
    non-public address not listed by the operator."""
    host, port = _host_port(url)
    _checked(host, _resolve(host, port), must_resolve=must_resolve)


def checked_addresses(url: str) -> list[tuple]:
    """Resolve the URL's host once and check every answer; returns the (family, sockaddr) pairs
    a post may connect to, in the resolver's order."""
    host, port = _host_port(url)
    answers = _resolve(host, port)
    _checked(host, answers, must_resolve=True)
    return [(family, sockaddr) for _ip, family, sockaddr in answers]


def _checked(host: str, answers: list[tuple], *, must_resolve: bool) -> None:
    if not answers and must_resolve:
        raise DomainError(f"机器人地址的主机「{host}」无法解析", field="url")
    for ip, _family, _sockaddr in answers:
        if not ip.is_global and not _allowed(host, ip):
            raise DomainError(f"机器人地址「{host}」指向内部地址 {ip}（本机、链路本地或内网），不能用作消息推送；"
                              "如确需推送到内网，请由运维人员在 DUBAN_WEBHOOK_ALLOWED_HOSTS 中登记", field="url")
