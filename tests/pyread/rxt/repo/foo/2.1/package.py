name = "foo"
version = "2.1"
requires = ["inc"]
tools = ["footool"]
def commands():
    env.PATH.prepend("{root}/bin")
    env.FOO_VERSION = str(version)
    if building:
        env.FOO_BUILDING = "1"
    alias("fooa", "{root}/bin/footool --fast")
    env.PYTHONPATH.append("{root}/python")
    setenv("FOO_MAJOR", "{this.version.major}")
