-- Port of Rez's data/tests/commands/packages/rextest/1.3/package.py
name = "rextest"
version = "1.3"

function commands()
    env.REXTEST_ROOT = '{root}'
    env.REXTEST_VERSION = this.version
    env.REXTEST_MAJOR_VERSION = this.version.major
    env.REXTEST_DIRS:prepend('{root}/data')
    alias('rextest', 'foobar')
end
