#!/usr/bin/env bash
# The notebook-schema test (tests/CourseKit.Notebooks.Tests, NbformatSchemaTests) validates every
# notebook with Debian's python3-nbformat. Idempotent.
set -euo pipefail
if ! /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-nbformat >/dev/null
fi
/usr/bin/python3 -c "import nbformat; print('nbformat', nbformat.__version__)"
