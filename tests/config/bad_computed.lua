-- read through the host's Lua loader (a stub in the unit tests)
build_directory = "lua_build"
