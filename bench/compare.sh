#!/usr/bin/env bash
# Times `sqldrill` against the sqlite3 shell doing the same SQL work, and prints the ratios
# of README.md § Performance. Needs: sqlite3, python3 (3.11+), cargo (unless SQLDRILL_BIN is
# set). Each figure is a median of repeated runs, and the two sides of a ratio are run in
# turns (sqldrill, shell, sqldrill, shell, ...), so that a shared machine's drifting load skews
# neither side. (hyperfine, which runs one command's batch after the other's, moved the
# small-fixture ratio between 1.07x and 1.58x from one run to the next on a busy machine.)
#
#   bench/compare.sh              # 10 runs per measurement
#   RUNS=30 bench/compare.sh
#   SQLDRILL_BIN=path/to/sqldrill SQLITE3=path/to/sqlite3 bench/compare.sh
#
# Everything runs in a temporary directory (SQLDRILL_HOME, the dataset cache, the shell's
# scripts and database files), removed at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for tool in "${SQLITE3:-sqlite3}" python3; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is not installed" >&2; exit 2; }
done
if [[ -z "${SQLDRILL_BIN:-}" ]]; then
    cargo build --release --quiet
    SQLDRILL_BIN="$root/target/release/sqldrill"
fi
export SQLDRILL_BIN
exec python3 "$root/bench/compare.py" "$@"
