-- custom: the package's own build hook, a Lua module in the source directory
-- (setting `path`, default "build_hook.lua"), with no site set-up needed.
return {
	name = "custom",
	defaults = { path = "build_hook.lua" },
	-- the module found at `path` provides the phase functions
	delegate = function(config)
		if type(config.path) ~= "string" or config.path == "" then
			error("setting 'path' must be a file name relative to the source directory", 2)
		end
		return fs.load_hook(config.path)
	end,
}
