#!/usr/bin/env bash
# The real-world corpus (tests/pyread/corpus, see its NOTICE) against what real Rez loads
# from each file (corpus/expected.jsonl): see corpus_cmp.py.
TOOL=$(realpath "$1")
D=$(dirname "$0")
cd "$D/corpus" || exit 1
HOME=$(mktemp -d) python3 ../corpus_cmp.py "$TOOL" .
