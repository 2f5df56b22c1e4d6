#!/usr/bin/env bash
# Run a command with every line of its output labelled, keeping its exit status: the two databases'
# suites run side by side in `make test`, and each line still says which one it comes from.
set -o pipefail
label=$1
shift
"$@" 2>&1 | sed -u "s/^/[$label] /"
