#!/usr/bin/env bash
# The chaos test at full size: N generate-and-download calls (default 2000) through one client against the emulator
# with faults on every route of every dialect, in virtual time. Prints the outcome classes, duplicate submits,
# tasks created vs known, and the time taken.
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-2000}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
HAPPYHORSE_CHAOS_CALLS=$calls HAPPYHORSE_CHAOS_REPORT=$report \
  dotnet test tests/HappyHorse.Generated.EndToEnd.Tests --filter "FullyQualifiedName~ChaosTests" --nologo -v q
cat "$report"
