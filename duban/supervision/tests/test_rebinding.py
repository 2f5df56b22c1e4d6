"""A robot's post goes to the address that was checked. A DNS server that answers a public address
to the check and 127.0.0.1 a moment later (rebinding) gets nothing delivered to this machine."""
import datetime as dt
import ipaddress
import socket
import ssl
import sys

import pytest

from duban.org.models import Unit
from duban.supervision.models import OutboxMessage, Webhook
from duban.supervision.outbox import deliver
from duban.supervision.settings import webhook_test
from duban.supervision.tests.servers import HookReceiver

pytestmark = pytest.mark.django_db
ROBOT = "robot.example"
PUBLIC = "93.184.215.14"  # a global address: it passes the check

_connects: list | None = None  # while a test watches: every TCP address this process connects to


def _watch_connections(event, args):
    """An audit hook (it cannot be removed, so it does nothing unless a test watches): records each
    TCP connection and refuses any that would leave this machine, so no test post goes out."""
    if event != "socket.connect" or _connects is None or not isinstance(args[1], tuple):
        return
    _connects.append(tuple(args[1][:2]))
    if not ipaddress.ip_address(args[1][0].split("%")[0]).is_loopback:
        raise ConnectionRefusedError(f"the test keeps connections on this machine ({args[1][0]})")


sys.addaudithook(_watch_connections)


@pytest.fixture
def connections():
    global _connects
    _connects = []
    yield _connects
    _connects = None


def resolve_robot(monkeypatch, answers: list[str]) -> list[str]:
    """The name `ROBOT` resolves to each of `answers` in turn, then to the last one ever after, the
    way a rebinding DNS server answers; returns the answers given. Other names resolve as usual."""
    real, given = socket.getaddrinfo, []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != ROBOT:
            return real(host, port, *args, **kwargs)
        given.append(answers[min(len(given), len(answers) - 1)])
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (given[-1], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return given


def _robot(world, url: str) -> None:
    hook = Webhook.objects.create(kind="wecom", url=url, unit=Unit.objects.get(name="钱塘区"))
    webhook_test(actor=world.admin, webhook_id=hook.pk)


def test_a_name_rebinding_to_loopback_after_the_check_gets_nothing_there(world, monkeypatch, connections):
    loopback = HookReceiver("127.0.0.1")
    try:
        given = resolve_robot(monkeypatch, [PUBLIC, "127.0.0.1"])
        _robot(world, f"http://{ROBOT}:{loopback.port}/send")
        assert deliver() == {"sent": 0, "failed": 1}
    finally:
        loopback.close()
    assert loopback.received == []
    assert given == [PUBLIC] and connections == [(PUBLIC, loopback.port)]  # resolved once, connected there
    assert "refused" in OutboxMessage.objects.get().last_error.lower()


def _receivers_on_one_port(checked_ip: str, other_ip: str) -> tuple[HookReceiver, HookReceiver]:
    for _ in range(20):
        checked = HookReceiver(checked_ip)
        try:
            return checked, HookReceiver(other_ip, port=checked.port)
        except OSError:  # that port is taken on the other address: try another
            checked.close()
    raise RuntimeError("no port free on both loopback addresses")


def test_the_post_lands_on_the_checked_address_under_the_robot_name(world, monkeypatch, settings):
    # 127.0.0.2 stands for the robot's server: the operator listed it, 127.0.0.1 they did not.
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.2"]
    checked, other = _receivers_on_one_port("127.0.0.2", "127.0.0.1")
    try:
        resolve_robot(monkeypatch, ["127.0.0.2", "127.0.0.1"])
        _robot(world, f"http://{ROBOT}:{checked.port}/send?key=K")
        assert deliver() == {"sent": 1, "failed": 0}
    finally:
        checked.close()
        other.close()
    assert other.received == []
    assert [(r["path"], r["host"]) for r in checked.received] == [("/send?key=K", f"{ROBOT}:{checked.port}")]


def test_a_name_answering_a_private_address_among_public_ones_is_refused(world, monkeypatch, connections):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != ROBOT:
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in (PUBLIC, "10.0.0.7")]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    _robot(world, f"http://{ROBOT}/send")
    assert deliver() == {"sent": 0, "failed": 1}
    assert connections == [] and "10.0.0.7" in OutboxMessage.objects.get().last_error


def _tls_for(tmp_path, name: str) -> tuple[ssl.SSLContext, object]:
    """A server context with a self-signed certificate for `name`, and the file of that certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "robot.pem", tmp_path / "robot.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_file, key_file)
    return server, cert_file


@pytest.mark.parametrize("certificate_name, delivered", [(ROBOT, True), ("other.example", False)])
def test_https_to_the_checked_address_still_checks_the_certificate_for_the_name(
        world, monkeypatch, settings, tmp_path, certificate_name, delivered):
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    tls, trusted = _tls_for(tmp_path, certificate_name)
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))  # the only authority the post trusts
    robot = HookReceiver("127.0.0.1", tls=tls)
    try:
        resolve_robot(monkeypatch, ["127.0.0.1"])
        _robot(world, f"https://{ROBOT}:{robot.port}/send")
        assert deliver() == {"sent": int(delivered), "failed": int(not delivered)}
    finally:
        robot.close()
    if delivered:  # the certificate names the robot, not 127.0.0.1: SNI and the check used the name
        assert [r["host"] for r in robot.received] == [f"{ROBOT}:{robot.port}"]
    else:
        assert robot.received == [] and "CERTIFICATE_VERIFY_FAILED" in OutboxMessage.objects.get().last_error
