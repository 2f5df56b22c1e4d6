"""A chat robot's POST, sent to the address that was checked and to no other.

urllib would resolve the host name again when it connects; a DNS server answering a public address
to the check and 127.0.0.1 a moment later (rebinding) would then carry the post into this machine or
the office network. Here the name is resolved once, every answer checked, and the socket connects to
those answers only. The request still names the host (Host header) and TLS still sends the name
(SNI) and verifies the certificate against it, so nothing changes for the robot's server."""
import http.client
import socket
import ssl
import urllib.parse

from duban.core.errors import DomainError
from duban.supervision.addresses import checked_addresses

MAX_REPLY_BYTES = 1024 * 1024  # a robot answers a line of JSON; more is not read


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP, or HTTPS when given a TLS context, to one of the checked socket addresses."""

    def __init__(self, host: str, port: int, *, addresses: list[tuple], tls: ssl.SSLContext | None, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.default_port = 443 if tls else 80  # so the Host header carries a port only when unusual
        self._addresses, self._tls = addresses, tls

    def connect(self):
        sock = _open(self._addresses, self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host) if self._tls else sock


def _open(addresses: list[tuple], timeout: float) -> socket.socket:
    """The first checked address that accepts; the last refusal if none does."""
    error: OSError = OSError("没有可连接的地址")
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error


def post(url: str, body: bytes, *, headers: dict, timeout: float) -> tuple[int, bytes]:
    """POST `body` to `url`; returns the status and the reply. Raises DomainError when the host is,
    or resolves to, an address robots may not reach, OSError/HTTPException when the post fails."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise DomainError("机器人地址应以 https:// 开头", field="url")
    addresses = checked_addresses(url)
    tls = ssl.create_default_context() if parts.scheme == "https" else None
    connection = _PinnedConnection(parts.hostname or "", parts.port or (443 if tls else 80),
                                   addresses=addresses, tls=tls, timeout=timeout)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(MAX_REPLY_BYTES)
    finally:
        connection.close()
