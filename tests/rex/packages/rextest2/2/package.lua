-- Port of Rez's data/tests/commands/packages/rextest2/2/package.py
name = "rextest2"
version = "2"
requires = { "rextest-1.3" }

function commands()
    env.REXTEST_DIRS.append('{root}/data2')
    setenv("REXTEST2_REXTEST_VER", '{resolve.rextest.version}')
    env.REXTEST2_REXTEST_BASE = resolve.rextest.base
end
