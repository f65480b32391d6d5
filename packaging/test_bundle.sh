#!/usr/bin/env bash
# Build the Linux bundle in a venv of its own and run it alone in a clean environment
# (packaging/smoke_test.py). For CI or by hand; tests/packaging/test_bundle.py calls it when
# SUPERVISOR_TEST_BUNDLE=1. Takes about 3–5 minutes on 2 cores, most of it pip and PyInstaller.
#   PYTHON=python3.12 packaging/test_bundle.sh      # another interpreter (default: python3)
#   SUPERVISOR_TEST_PG_URL=postgresql+psycopg://…    # also drive the bundled PostgreSQL driver
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
venv=packaging/build/venv
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
echo "== build environment ($venv)"
"$venv/bin/python" -m pip install -q --upgrade pip
# The app with the PostgreSQL driver (so a shared office works from the bundle), PyInstaller,
# and what the smoke test reads back with.
"$venv/bin/python" -m pip install -q ".[postgres]" -r packaging/requirements-build.txt \
  openpyxl pypdf

echo "== PyInstaller"
rm -f packaging/dist/supervisor-*.tar.gz
"$venv/bin/python" packaging/build.py --clean --archive

echo "== smoke test of the bundle alone, unpacked from its archive"
"$venv/bin/python" packaging/smoke_test.py --bundle packaging/dist/supervisor-*-linux-*.tar.gz

echo "== bundle test finished in $(($(date +%s) - started)) s"
