name = "tinst"
version = "1.0"
variants = {{"py-2.7"}, {"py-3.11"}}
build_command = "mkdir -p $REZ_BUILD_INSTALL_PATH && echo hello > $REZ_BUILD_INSTALL_PATH/hello.txt"
tests = {
    -- per variant: the staged payload is the variant's root; the packages' commands ran
    check = {command = "test -f {root}/hello.txt && echo PAYLOAD-OK $PYVER TN=$TN", run_on = "pre_install", on_variants = true},
    -- once per package: only on the first variant built
    once = {command = "echo ONCE", run_on = {"pre_release", "pre_install"}},
    -- not during an install
    default_only = "echo DEFAULT-RAN",
}
function pre_test_commands()
    env.TN = test.name
end
