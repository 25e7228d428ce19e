# lib.sh - shared by tests/cli2/*.sh: tests/env/lib.sh's clean environment and checks, plus
# substring checks. Sourced with REZ and SRC set; leaves the caller in $TMPROOT.
. "$SRC/tests/env/lib.sh"
cd "$TMPROOT" || exit 1
EX=$SRC/examples/packages
# has NAME SUBSTRING TEXT / hasnt NAME SUBSTRING TEXT
has() { case "$3" in *"$2"*) ok ;; *) bad "$1: lacks '$2' in: $3" ;; esac; }
hasnt() { case "$3" in *"$2"*) bad "$1: has '$2' in: $3" ;; *) ok ;; esac; }
