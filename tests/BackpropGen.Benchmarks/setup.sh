#!/usr/bin/env bash
# Installs FANN 2.2 (libdoublefann.so.2, libfloatfann.so.2) for the benchmark's FANN rows. Needs root (or sudo).
set -euo pipefail
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update
$SUDO apt-get install -y libfann-dev
