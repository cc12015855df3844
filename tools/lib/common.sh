# Shared by the tools/ scripts: messages, and installing what a step needs.
# shellcheck shell=bash

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages PKG...: installs the Debian packages that are missing (as root), or says
# exactly which are missing and how to install them.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    if [ -z "${STORMCPP_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      export STORMCPP_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing packages: ${missing[*]} (install them with: sudo apt-get install ${missing[*]})"
  fi
}

# The packages every build of stormcpp needs.
ensure_build_deps() {
  ensure_packages cmake ninja-build g++ nlohmann-json3-dev libspdlog-dev libfmt-dev \
    libgtest-dev libgmock-dev clang-format
}

# ensure_commands CMD...: fails naming the commands that are not on PATH.
ensure_commands() {
  local missing=()
  for cmd in "$@"; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
  [ ${#missing[@]} -eq 0 ] || die "missing commands: ${missing[*]}"
}

jobs() { nproc 2>/dev/null || echo 2; }
