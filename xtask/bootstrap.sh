#!/bin/sh
# The README's entry point on a fresh Debian/Ubuntu machine: makes sure a Rust toolchain
# is there (rustup, the official installer), then hands over to `cargo xtask`, which
# installs everything else. Usage: sh xtask/bootstrap.sh run|test|bench
set -eu
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "==> installing the Rust toolchain (rustup)"
    if ! command -v curl >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
        $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl ca-certificates
    fi
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
    PATH="$HOME/.cargo/bin:$PATH"
fi
exec cargo xtask "$@"
