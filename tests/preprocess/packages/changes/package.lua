-- A preprocess that adds, removes and changes attributes, nested config keys included,
-- and stores functions: commands as a function and as a string, a late attribute.
name = "changes"
version = "1.0.0"
description = "original"
tools = { "a", "b" }
requires = { "versioned-2" }

config = {
	build_directory = "build",
}

-- `pkg`, not `this`: the late function below reads the global `this` it gets when it
-- runs, and must not capture the preprocess argument.
function preprocess(pkg, data)
	assert(pkg.version.major == 1, "this.version is a rez.Version")
	assert(pkg.requires[1] == "versioned-2")
	assert(pkg.root == pkg.base)
	local ok = pcall(function() pkg.name = "x" end)
	assert(not ok, "this is read-only")
	data.description = "changed from " .. pkg.description
	data.tools = nil
	data.config.build_directory = "out"
	data.config.release_hooks = { "command" }
	data.commands = function()
		env.CHANGES_ROOT = "{root}"
	end
	data.post_commands = "env.CHANGES_POST = '1'"
	data.help = late(function()
		return "https://example.com/" .. this.name
	end)
	data.__private = "dropped"
	data.helper = function() end
end
