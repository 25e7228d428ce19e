#!/usr/bin/env bash
# Every line of tests/solver/cases.txt through the real CLI and the real filesystem
# repository tests/solver/packages: `rez env --ni --paths ... REQ -o ctx.rxt`, then
# `rez context` on the saved file.
#   solved  exit 0; `rez context --print-resolve --show-uris` gives the variants in resolve
#           order (index from the URI's [i]); the "(ephemeral)" rows of the summary give the
#           ephemerals
#   failed, cyclic
#           exit 1; the failure description is on stderr as its own line, and the saved
#           context says "resolve failed" with the same line
#   error   exit 1, "error: DETAIL..." on stderr, no context written
# Options: building -> -b, version_priority/intersection_priority -> --variant-select-mode,
# missing_ok -> REZ_ERROR_ON_MISSING_VARIANT_REQUIRES=0. The STATS column (solve and fail
# counts) is not visible through the CLI; tests/unit/test_solver.c checks it.
# usage: solver_cases.sh REZ SRC
REZ=$1 SRC=$2
. "$SRC/tests/env/lib.sh"

ctx=$TMPROOT/ctx.rxt
lineno=0 ncases=0

# The resolve as cases.txt writes it, from a saved context.
resolve_of() {
	local uris names line i=0 items=() eph=0 u n
	uris=$("$REZ" context "$1" --print-resolve --show-uris) || return 1
	names=$("$REZ" context "$1" --print-resolve) || return 1
	mapfile -t u <<<"$uris"
	mapfile -t n <<<"$names"
	for ((i = 0; i < ${#n[@]}; i++)); do
		[ -n "${n[i]}" ] || continue
		items+=("${n[i]}[${u[i]##*\[}")
	done
	while IFS= read -r line; do
		case "$line" in
		"resolved packages:") eph=1 ;;
		*"(ephemeral)") [ "$eph" = 1 ] && items+=("${line%% *}") ;;
		esac
	done < <("$REZ" context "$1")
	if [ ${#items[@]} -eq 0 ]; then echo -; else echo "${items[*]}"; fi
}

while IFS= read -r line; do
	lineno=$((lineno + 1))
	case "$line" in '#'*|'') continue ;; esac
	# Fields are separated by " | " (a bare "|" occurs inside ranges such as 2.5|2.6).
	f=() rest=$line
	while [[ $rest == *" | "* ]]; do f+=("${rest%% | *}"); rest=${rest#* | }; done
	f+=("$rest")
	if [ ${#f[@]} -ne 5 ]; then bad "cases.txt:$lineno: ${#f[@]} fields, want 5"; continue; fi
	opts=${f[0]} req=${f[1]} outcome=${f[2]} detail=${f[3]}
	name="cases.txt:$lineno [$req]"
	ncases=$((ncases + 1))
	flags=() envs=()
	IFS=, read -ra olist <<<"$opts"
	for o in "${olist[@]}"; do
		case "$o" in
		-) ;;
		building) flags+=(-b) ;;
		version_priority|intersection_priority) flags+=(--variant-select-mode "$o") ;;
		missing_ok) envs+=(REZ_ERROR_ON_MISSING_VARIANT_REQUIRES=0) ;;
		*) bad "$name: option '$o' unknown to this driver"; continue 2 ;;
		esac
	done
	reqs=()
	[ "$req" = - ] || read -ra reqs <<<"$req"
	# Rez's Solver takes a weak or conflict ephemeral (!.bah), but `rez env` parses requests
	# as PackageRequest, which rejects it: real Rez 3.4 `rez env pyfoo '!.eek'` fails with
	# "PackageRequestError: Not a valid package name: '.eek'".
	for r in "${reqs[@]}"; do
		case "$r" in
		[~!].*)
			n=${r#?}; n=${n%%[-@#=<>]*}
			outcome=error detail="invalid package request '$r': bad package name '$n'"
			break ;;
		esac
	done
	rm -f "$ctx"
	run env "${envs[@]}" "$REZ" env --ni --paths "$SOLVER_PKGS" "${flags[@]}" -o "$ctx" "${reqs[@]}"
	case "$outcome" in
	solved)
		if [ "$rc" != 0 ]; then bad "$name: exit $rc: $err"; continue; fi
		check "$name" "$detail" "$(resolve_of "$ctx")"
		;;
	failed|cyclic)
		if [ "$rc" != 1 ]; then bad "$name: exit $rc, want 1: $err"; continue; fi
		grep -qFx -- "$detail" <<<"$err" || { bad "$name: stderr lacks the line '$detail': $err"; continue; }
		run "$REZ" context "$ctx"
		if [ "$rc" != 0 ]; then bad "$name: rez context on the failed context: exit $rc: $err"; continue; fi
		case "$out" in "resolve failed,"*) ;; *) bad "$name: saved context not marked failed: $out"; continue ;; esac
		grep -qFx -- "$detail" <<<"$out" && ok || bad "$name: saved context lacks '$detail': $out"
		;;
	error)
		if [ "$rc" != 1 ]; then bad "$name: exit $rc, want 1: $err"; continue; fi
		case "$err" in
		*"error: $detail"*) ;;
		*) bad "$name: stderr lacks 'error: $detail': $err"; continue ;;
		esac
		[ "$(printf '%s' "$err" | wc -l)" -le 1 ] || { bad "$name: more than one line on stderr: $err"; continue; }
		[ ! -e "$ctx" ] && ok || bad "$name: a context was written for an error"
		;;
	*) bad "$name: unknown outcome '$outcome'" ;;
	esac
done <"$SRC/tests/solver/cases.txt"

[ "$ncases" -ge 90 ] || bad "only $ncases cases read from cases.txt"
echo "$ncases cases"
finish
