#!/usr/bin/env bash
# Idempotent set-up for the extension's tests: `npm test` (unit) and the end-to-end test in a real VS Code.
#
#   bash vscode-extension/e2e/setup.sh        (~2-3 min cold, ~2 s warm; FORCE=1 redoes the code-server steps)
#
# Installs only from Debian apt and the npm registry, nothing from anywhere else:
#   apt : chromium, ripgrep, libkrb5-dev, build tools, fonts            (as root, only what is missing)
#   npm : vscode-extension/node_modules          (`npm ci`: TypeScript, esbuild, vsce, languageclient)
#         vscode-extension/e2e/node_modules      (`npm ci --ignore-scripts`: code-server 4.100.3 =
#                                                 VS Code 1.100.3, the last line on Node 20; playwright-core)
# and replays code-server's own postinstall by hand, because as written it would download things:
#   * @vscode/ripgrep's postinstall fetches rg from GitHub                -> symlink /usr/bin/rg
#   * native modules (argon2, kerberos, node-pty, spdlog...) fetch node
#     headers or prebuilt binaries                                        -> npm_config_nodedir=/usr (the
#                                                                            headers of Debian's nodejs)
#   * node-pty's postinstall runs `npx node-gyp`, which npx refuses
#     without a terminal                                                  -> npm_config_yes=true
#   * as root, npm 11 skips scripts unless unsafe-perm                    -> npm_config_unsafe_perm=true
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXT_DIR="$(dirname "$E2E_DIR")"
FORCE="${FORCE:-0}"

T0=$(date +%s)
log() { printf '[vscode-e2e setup +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# ---------------------------------------------------------------- node
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [ "$NODE_MAJOR" != 20 ]; then
  echo "code-server 4.100.3 needs Node 20, found $(node -v)" >&2
  exit 1
fi

# ---------------------------------------------------------------- apt packages
APT_PKGS=(chromium ripgrep libkrb5-dev build-essential python3 python3-venv pkg-config
          fonts-liberation fonts-dejavu-core ca-certificates)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing apt packages (${missing[*]}); run this script as root" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "apt packages already installed"
fi
test -x /usr/bin/chromium
test -x /usr/bin/rg

NODEDIR=/usr
if [ ! -f "$NODEDIR/include/node/common.gypi" ]; then
  echo "node headers not found at $NODEDIR/include/node (need the nodejs .deb with headers)" >&2
  exit 1
fi

# Every npm call below: env vars beat ~/.npmrc, which we leave alone.
export npm_config_nodedir="$NODEDIR"
export npm_config_yes=true
export npm_config_unsafe_perm=true
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_loglevel=warn

# A node_modules is current when npm's own record of what it installed is newer than the lock file.
installed_current() {
  [ -f "$1/node_modules/.package-lock.json" ] && [ "$1/node_modules/.package-lock.json" -nt "$1/package-lock.json" ]
}

# ---------------------------------------------------------------- the extension's own dependencies
if [ "$FORCE" = 1 ] || ! installed_current "$EXT_DIR"; then
  log "vscode-extension: npm ci"
  (cd "$EXT_DIR" && npm ci --no-audit --no-fund)
else
  log "vscode-extension/node_modules up to date"
fi

# ---------------------------------------------------------------- code-server + playwright-core
CS="$E2E_DIR/node_modules/code-server"
if [ "$FORCE" = 1 ] || ! installed_current "$E2E_DIR" || [ ! -f "$CS/out/node/entry.js" ]; then
  log "e2e: npm ci --ignore-scripts (code-server, playwright-core)"
  (cd "$E2E_DIR" && npm ci --ignore-scripts --no-audit --no-fund)
  rm -f "$CS/lib/vscode/.e2e-postinstall-done"
else
  log "e2e/node_modules up to date"
fi

# argon2 is require()d when code-server starts, even with --auth none.
if ! (cd "$CS" && node -e 'require("argon2")') 2>/dev/null; then
  log "building argon2 from source (its prebuilt download fails here, node-gyp takes over)"
  (cd "$E2E_DIR" && npm rebuild argon2)
  (cd "$CS" && node -e 'require("argon2")')
else
  log "argon2 ok"
fi

# ---------------------------------------------------------------- code-server's postinstall, by hand
VS="$CS/lib/vscode"
MARK="$VS/.e2e-postinstall-done"
mkdir -p "$E2E_DIR/state/logs"
if [ "$FORCE" = 1 ] || [ ! -f "$MARK" ]; then
  cd "$VS"
  log "lib/vscode: npm install --omit=dev --ignore-scripts"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund

  # ripgrep's postinstall does nothing when bin/ exists
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sfn /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg

  log "lib/vscode: npm rebuild (native modules: kerberos, node-pty, spdlog, native-watchdog, deviceid...)"
  npm rebuild --foreground-scripts > "$E2E_DIR/state/logs/rebuild-vscode.log" 2>&1 || {
    tail -40 "$E2E_DIR/state/logs/rebuild-vscode.log" >&2; exit 1; }

  # the symlinks code-server's postinstall.sh makes
  ln -sfn node_modules node_modules.asar
  (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
  (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)

  log "lib/vscode/extensions: npm install --omit=dev"
  (cd extensions && npm install --omit=dev --no-audit --no-fund)
  touch "$MARK"
else
  log "code-server postinstall already replayed"
fi

# ---------------------------------------------------------------- verify
cd "$VS"
node -e '
const mods = ["kerberos", "node-pty", "@vscode/spdlog", "native-watchdog", "@vscode/deviceid", "@parcel/watcher"];
let bad = 0;
for (const m of mods) {
  try { require(m); } catch (e) { bad++; console.error("  FAIL " + m + ": " + e.message.split("\n")[0]); }
}
process.exit(bad ? 1 : 0);
'
cd "$E2E_DIR"
# keep code-server from writing to ~/.config/code-server
VERSION=$(XDG_CONFIG_HOME="$E2E_DIR/state/xdg-config" XDG_DATA_HOME="$E2E_DIR/state/xdg-data" \
  node "$CS/out/node/entry.js" --version | tail -1)
log "code-server $VERSION ready"
log "setup done in $(( $(date +%s) - T0 ))s"
