

-- A package with comments.
--
-- Kept as Lua comments.

name = "studio_tool";  -- the family name
version = "1.2.0";

-- what it needs
requires = {
    "python-3",  -- any Python 3
    "maya-2024",
};

variants = {{"platform-linux"}, {"platform-windows"}};

function commands()
    -- Adds the tool to the environment.
    -- binaries first
    env.PATH:prepend("{root}/bin");
    env.STUDIO_TOOL_ROOT = "{root}";
    if building then
        -- headers only matter when building
        env.CPATH:append("{root}/include"); end;  end;
