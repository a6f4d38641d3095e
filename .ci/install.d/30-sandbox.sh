#!/usr/bin/env bash
# The grader runs each submission inside bubblewrap (src/CourseKit.Notebooks/Grading/Sandbox.cs);
# the hostile-submission tests (SandboxTests) need it. Idempotent.
set -euo pipefail
if ! command -v bwrap >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq bubblewrap >/dev/null
fi
bwrap --version
# Namespaces must be allowed here, or grading falls back to unsandboxed (and the tests say why).
bwrap --unshare-all --die-with-parent --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 \
  --symlink usr/bin /bin --proc /proc --dev /dev -- /usr/bin/true && echo "bubblewrap can create namespaces"
