#!/usr/bin/env bash
# Browser tests (tests/CourseKit.Browser.Tests) need headless Chromium and an offline plotly.js.
# Idempotent: does nothing when both are already present. Works on a fresh Debian 12 machine
# with the .NET SDK, node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Keep in step with PlotlyJs.Version in src/CourseKit/Plots/PlotlyJs.cs: the CDN and the
# offline copy must be the same plotly.js, or the browser test checks a different renderer.
PLOTLY_VERSION=2.35.2
dest=artifacts/plotly

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
chromium --version

js="$dest/node_modules/plotly.js-dist-min/plotly.min.js"
have=$(node -p "require('./$dest/node_modules/plotly.js-dist-min/package.json').version" 2>/dev/null || true)
if [ "$have" != "$PLOTLY_VERSION" ]; then
  mkdir -p "$dest"
  # A package.json of our own so npm installs into $dest and never walks up to another project.
  [ -f "$dest/package.json" ] || echo '{"name":"coursekit-plotly","private":true}' > "$dest/package.json"
  npm install --prefix "$dest" --no-audit --no-fund --loglevel=error --save-exact "plotly.js-dist-min@$PLOTLY_VERSION"
fi
test -s "$js"
echo "plotly.js $PLOTLY_VERSION at $js"
