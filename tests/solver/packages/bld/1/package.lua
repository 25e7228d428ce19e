name = "bld"
version = "1"
requires = {"python"}
build_requires = {"pybah-5"}
