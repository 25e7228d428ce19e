name = "myapp"
version = "1.0.0"
description = "An example application that runs on Python 3."
authors = {"Jane Doe"}

requires = {"python-3.9+<4", "mylib-2"}

tools = {"myapp"}

function commands()
    env.MYAPP_ROOT = "{root}"
    env.PATH:append("{root}/bin")
    env.PYTHONPATH:append("{root}/python")
end
