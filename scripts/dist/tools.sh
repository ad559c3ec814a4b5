#!/usr/bin/env bash
# Installs what the release build needs, from the registries only, and prints the directory
# of its tools (put it on PATH):
#   - zig and cargo-zigbuild (PyPI): links glibc 2.17, musl and macOS binaries without an SDK;
#   - maturin and twine (PyPI): builds and checks the wheels;
#   - the Rust standard library of every target (rustup);
#   - MinGW (Debian): links the Windows binaries;
#   - with --emulators: qemu-user-static and arm64 glibc (Debian), to run what was built.
# Idempotent: a second run installs nothing.
#   ENV_CONTRACT_TOOLS  where the virtualenv goes (default ~/.cache/env-contract/tools)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="${ENV_CONTRACT_TOOLS:-$HOME/.cache/env-contract/tools}"

if [ ! -x "$tools/bin/python" ]; then
    python3 -m venv "$tools" >&2
fi
if ! cmp -s "$here/requirements.txt" "$tools/requirements.txt"; then
    "$tools/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
    cp "$here/requirements.txt" "$tools/requirements.txt"
fi

targets=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(sorted({t for p in d["platforms"] for t in (p["target"], p["cliTarget"])})))' "$here/../../bindings-node/platforms.json")
missing=$(comm -23 <(tr ' ' '\n' <<<"$targets" | sort) <(rustup target list --installed | sort))
if [ -n "$missing" ]; then
    rustup target add $missing >&2
fi

apt_install() {
    local want=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || want+=("$p"); done
    if [ ${#want[@]} -gt 0 ]; then
        local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        if [[ " ${want[*]} " == *":arm64 "* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
            $sudo dpkg --add-architecture arm64
        fi
        $sudo apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
    fi
}
apt_install gcc-mingw-w64-x86-64 binutils
if [ "${1:-}" = "--emulators" ]; then
    apt_install qemu-user-static libc6:arm64 libstdc++6:arm64
fi
echo "$tools/bin"
