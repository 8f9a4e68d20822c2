#!/bin/sh
# The road set-up's speed on one core: builds scripts/setup-rate/main.swift with
# the model's sources (host CPU, as the Makefile's SWIFTFLAGS) and runs it.
# Usage: scripts/setup-rate.sh [CELLS [ROUNDS]]   (run from the repository root)
set -eu
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${SWIFTC:-swiftc} -O -wmo -target-cpu native -module-name SetupRate -o "$out/setup-rate" \
    swift/TrafficModel/*.swift scripts/setup-rate/main.swift
"$out/setup-rate" "$@"
