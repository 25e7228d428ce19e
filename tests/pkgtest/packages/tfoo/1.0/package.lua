-- Every form of the tests schema, over two variants.
name = "tfoo"
version = "1.0"
variants = {{"py-2.7"}, {"py-3.11"}}
tests = {
    -- a string: shell code, formatted with the variant
    fmt = "echo fmt root={root} name={name} version={version} index={index} base={base} keep='{nosuch}' '{{lit}}' req={requires}",
    -- a list: argv, each word formatted then quoted for the shell
    argv = {"printf", "[%s]", "a b", "$HOME", "{version}"},
    -- a table: once per package, on the variant a resolve prefers
    once = {command = "echo once PYVER=$PYVER TN=$TN PRE=$PRE", requires = {"py"}},
    -- per variant
    each = {command = "echo each $PYVER", on_variants = true},
    -- only variants requiring py-3
    py3 = {command = {"echo", "py3 {root}"}, on_variants = {type = "requires", value = {"py-3"}}},
    -- never by default
    expl = {command = "echo EXPLICIT", run_on = "explicit"},
    inst = {command = "echo INSTALL", run_on = {"pre_install", "pre_release"}},
    args = {command = "printf '<%s>'", run_on = "explicit"},
}
function pre_test_commands()
    env.TN = test.name
    env.PRE = "pre:" .. this.name .. ":" .. tostring(this.index)
    env.PYVER = "set-by-pre-test"
end
function commands()
    env.TFOO_ROOT = "{root}"
end
