"""Real directory servers on loopback for the sign-in tests: OpenLDAP's slapd with a small
district, and the npm oidc-provider under node. Each is started by a test and stopped after it."""
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

SUFFIX = "dc=qiantang,dc=example"
ROOT_DN, ROOT_PW = f"cn=admin,{SUFFIX}", "slapd-root-pw"
SKIP_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")  # database-agnostic: run once


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


SLAPD_CONF = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {home}/slapd.pid
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root}"
rootpw {password}
directory {home}/db
"""


def slapd_available() -> bool:
    return bool(shutil.which("slapd") or Path("/usr/sbin/slapd").exists())


def start_slapd(home: Path) -> tuple[subprocess.Popen, str]:
    (home / "db").mkdir(parents=True)
    conf = home / "slapd.conf"
    conf.write_text(SLAPD_CONF.format(home=home, suffix=SUFFIX, root=ROOT_DN, password=ROOT_PW))
    port = free_port()
    slapd = shutil.which("slapd") or "/usr/sbin/slapd"
    # -d 0 keeps it in the foreground, so the test owns the process and stops it by its pid.
    process = subprocess.Popen([slapd, "-f", str(conf), "-h", f"ldap://127.0.0.1:{port}/", "-d", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process)
    return process, f"ldap://127.0.0.1:{port}"


def load_district(uri: str) -> None:
    """钱塘区 with the audit office as an OU, two groups, three people (one in an unknown office)."""
    import ldap
    import ldap.modlist

    conn = ldap.initialize(uri)
    conn.simple_bind_s(ROOT_DN, ROOT_PW)
    people = f"ou=钱塘区,{SUFFIX}"
    entries = [
        (SUFFIX, {"objectClass": ["dcObject", "organization"], "dc": ["qiantang"], "o": ["钱塘区"]}),
        (people, {"objectClass": ["organizationalUnit"], "ou": ["钱塘区"]}),
        (f"ou=区审计局,{people}", {"objectClass": ["organizationalUnit"], "ou": ["区审计局"]}),
        (f"ou=不存在的局,{people}", {"objectClass": ["organizationalUnit"], "ou": ["不存在的局"]}),
        (f"ou=groups,{SUFFIX}", {"objectClass": ["organizationalUnit"], "ou": ["groups"]}),
        _person("zhangwei", "张伟", f"ou=区审计局,{people}"),
        _person("chenjing", "陈静", people),
        _person("ghost", "无名", f"ou=不存在的局,{people}"),
        _group("duban-supervisors", f"uid=chenjing,{people}"),
        _group("duban-liaisons", f"uid=zhangwei,ou=区审计局,{people}", f"uid=ghost,ou=不存在的局,{people}"),
    ]
    for dn, attrs in entries:
        conn.add_s(dn, ldap.modlist.addModlist({k: [v.encode() for v in vs] for k, vs in attrs.items()}))
    conn.unbind_s()


def _person(uid: str, name: str, ou: str):
    return (f"uid={uid},{ou}", {"objectClass": ["inetOrgPerson"], "uid": [uid], "cn": [name], "sn": [name[0]],
                                "mail": [f"{uid}@qiantang.example"], "userPassword": [f"{uid}-ldap-pw"]})


def _group(name: str, *members: str):
    return (f"cn={name},ou=groups,{SUFFIX}", {"objectClass": ["groupOfNames"], "cn": [name], "member": list(members)})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
