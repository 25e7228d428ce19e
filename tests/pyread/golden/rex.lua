name = "foo";
version = "2.1";
requires = {"inc"};
tools = {"footool"};
function commands() local _py = require("rez.py");
    env.PATH:prepend("{root}/bin");
    env.FOO_VERSION = _py.str(version);
    if building then
        env.FOO_BUILDING = "1"; end;
    alias("fooa", "{root}/bin/footool --fast");
    env.PYTHONPATH:append("{root}/python");
    setenv("FOO_MAJOR", "{this.version.major}");  end;
