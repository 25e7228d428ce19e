-- A C library built with CMake: `rez build -i` configures, builds and installs it.
name = "greet"
version = "1.0.0"
description = "A small C library (libgreet) and a tool that uses it, built with CMake."
authors = {"rez-lua examples"}

tools = {"greet"}

function commands()
    env.PATH:prepend("{root}/bin")
    env.CPATH:prepend("{root}/include")
    env.LIBRARY_PATH:prepend("{root}/lib")
    env.GREET_ROOT = "{root}"
end

tests = {
    smoke = "greet rez",
}
