#!/usr/bin/env bash
# Jupyter's headless executor for the notebook tests' Jupyter leg: the course's notebooks are
# also run by `jupyter nbconvert --execute` with the dotnet-interactive tool's Jupyter kernel.
# Idempotent: does nothing when the three commands are already there.
set -euo pipefail
if command -v jupyter-nbconvert >/dev/null 2>&1 && /usr/bin/python3 -c "import nbclient, jupyter_client" >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client
