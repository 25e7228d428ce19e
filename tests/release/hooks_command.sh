#!/usr/bin/env bash
# The `command` release hook: formatting, $VAR expansion, argv only (no shell), cancel and
# stop rules, sudo for root, errors (spec §6.1).
DRIVER=$1 REZ=$2 SRC=$3
. "$SRC/lib.sh"
cd "$T"

cat >spec.json <<'J'
{"package": {"name": "foo", "version": "1.2", "description": "evil; touch pwned",
             "authors": ["ann", "bob"]},
 "install_path": "/rel/path", "user": "tester", "indices": [0, 1],
 "installed": {"name": "foo", "version": "1.2", "description": "installed one"},
 "variants": [{"index": 0, "root": "/rel/path/foo/1.2/a", "requires": ["a-1"]},
              {"index": 1, "root": "/rel/path/foo/1.2/b", "requires": ["b-2", "c"]}],
 "system": {"user": "tester", "fqdn": "host.example", "rez_version": "3.4.0"}}
J

cfg() { # cfg EXTRA-YAML
	{ echo "release_hooks: [command]"; echo "plugins:"; echo "  release_hook:"; echo "    command:"
	  printf '%s\n' "$@" | sed 's/^/      /'; } >config.yaml
}

# formatting: package, release, variants, num_variants, braces, unknown fields kept
cfg 'pre_release_commands:' \
    '- {command: printf, args: ["[%s]\\n", "{package.qualified_name}", "{release.path}", "{num_variants}", "{variants}", "{{x}}", "{nope.x}", "{package.authors}"]}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "pre_release formatting" 'running command: printf [%s]\n foo-1.2 /rel/path 2 "0 1" {x} {nope.x} "ann bob"
[foo-1.2]
[/rel/path]
[2]
[0 1]
[{x}]
[{nope.x}]
[ann bob]' "$out"

# pretty_args false: Python reprs
cfg 'pre_release_commands:' \
    '- {command: printf, args: ["%s\n", "{package.authors}", "{variants}"], pretty_args: false}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>/dev/null | tail -n 2)
same "pretty_args false prints reprs" "['ann', 'bob']
[0, 1]" "$out"

# post_release: the installed package and one dict per released variant
cfg 'print_commands: false' 'post_release_commands:' \
    '- {command: printf, args: ["%s|", "{package.description}", "{num_variants}", "{variants[1][variant_requires]}", "{variants[0][index]}"]}'
out=$("$DRIVER" config.yaml spec.json post_release 2>&1)
same "post_release uses the installed package and variant dicts" "installed one|2|b-2 c|0|" "$out"

# a value with shell syntax stays one literal argument: no shell ever runs
cfg 'print_commands: false' 'pre_release_commands:' \
    '- {command: printf, args: ["<%s>", "{package.description}"]}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "shell syntax is data" "<evil; touch pwned>" "$out"
check "nothing was run by a shell" test ! -e pwned

# $VAR expansion against the entry's env; unknown kept; string args split on whitespace
cfg 'pre_release_commands:' \
    '- {command: printf, args: "%s, $FOO ${FOO}x $NOPE_NOT_SET", env: {FOO: bar}}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "env expansion and with: lines" 'running command: printf %s, bar barx $NOPE_NOT_SET
    with: FOO=bar
bar,barx,$NOPE_NOT_SET,' "$out"

# a failing pre-release command cancels the release with its output
cfg 'print_commands: false' 'print_error: false' 'pre_release_commands:' \
    '- {command: sh, args: ["-c", "echo broken; exit 3"]}' \
    '- {command: printf, args: ["second"]}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1); rc=$?
same "cancel exit status" 1 "$rc"
same "cancel message" "error: release cancelled by pre-release hook 'command': The following pre-release commands failed:
command failed:
broken" "$out"

# stop_on_error false runs the rest; both errors listed
cfg 'print_commands: false' 'print_error: false' 'stop_on_error: false' 'pre_release_commands:' \
    '- {command: sh, args: ["-c", "echo one; exit 1"]}' \
    '- {command: printf, args: ["second ran"]}' \
    '- {command: no-such-program-xyz}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "stop_on_error false" "second ran
error: release cancelled by pre-release hook 'command': The following pre-release commands failed:
command failed:
one


no-such-program-xyz: command not found" "$out"

# cancel_on_error false: errors printed, release goes on
cfg 'print_commands: false' 'cancel_on_error: false' 'pre_release_commands:' \
    '- {command: "false"}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1); rc=$?
same "cancel_on_error false keeps going" "0|ERROR: command failed:" "$rc|$out"

# post_release failures never cancel
cfg 'print_commands: false' 'print_error: false' 'post_release_commands:' '- {command: "false"}'
"$DRIVER" config.yaml spec.json post_release >/dev/null 2>&1
same "post_release failure does not fail" 0 "$?"

# pre_build fires (Rez 3.4 never does)
cfg 'print_commands: false' 'pre_build_commands:' '- {command: printf, args: ["built {package.name}"]}'
same "pre_build runs" "built foo" "$("$DRIVER" config.yaml spec.json pre_build 2>&1)"

# user root goes through sudo; another user is a clear error
cfg 'print_commands: false' 'pre_release_commands:' '- {command: id, args: ["-un"], user: root}'
same "user root through sudo" "root" "$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
cfg 'pre_release_commands:' '- {command: id, user: nobody-else-xyz}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1)
same "another user is refused" "error: release cancelled by pre-release hook 'command': command hook: cannot run 'id' as user 'nobody-else-xyz': only 'root' (through sudo) or the current user is supported" "$out"

# an entry with an unknown key is a configuration error
cfg 'pre_release_commands:' '- {command: id, shell: true}'
out=$("$DRIVER" config.yaml spec.json pre_release 2>&1); rc=$?
same "strict entry schema exit" 1 "$rc"
contains "strict entry schema message" "pre_release_commands" "$out"

# an unknown hook name is a warning
echo "release_hooks: [nosuchhook]" >config.yaml
same "unknown hook warns" "WARNING: Release hook 'nosuchhook' is not available." \
	"$("$DRIVER" config.yaml spec.json pre_release 2>&1)"
finish
