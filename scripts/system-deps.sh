#!/usr/bin/env bash
# Debian packages the tests need: Chromium with a CJK font for browser tests, LibreOffice as a
# second client for our .xlsx and .docx files (and poppler to read their PDFs), a PostgreSQL server,
# a Java runtime for Spark, and OpenLDAP for the directory sign-in.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v soffice >/dev/null || need+=(libreoffice-calc libreoffice-writer)
command -v pdfinfo >/dev/null || need+=(poppler-utils)  # page size of the documents' PDFs
fc-list 2>/dev/null | grep -qi "AR PL UKai" || need+=(fonts-arphic-ukai)  # 楷体-style second-level headings
command -v java >/dev/null || need+=(default-jre-headless)  # Spark, for the analytics engine test
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# python-ldap builds against OpenLDAP's and SASL's headers (no wheels on PyPI); slapd and its client
# tools serve the LDAP sign-in tests a real directory on loopback.
[ -e /usr/include/ldap.h ] || need+=(libldap2-dev)
[ -e /usr/include/sasl/sasl.h ] || need+=(libsasl2-dev)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing ${need[*]}; install them as root (apt-get install ${need[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
