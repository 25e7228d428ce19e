-- version_file: writes the package version into a file installed with every variant.
-- Settings: `path` (where the file goes inside the variant install, default "VERSION") and
-- `template` ({name}, {version}, {variant} are replaced; default "{version}\n").
local hook = {
	name = "version_file",
	defaults = { path = "VERSION", template = "{version}\n" },
}

function hook.initialize(self, variant, build_data)
	local cfg = self.config
	if type(cfg.path) ~= "string" or cfg.path == "" then
		error("setting 'path' must be a relative file name (got " .. tostring(cfg.path) .. ")")
	end
	if type(cfg.template) ~= "string" then
		error("setting 'template' must be a string (got " .. type(cfg.template) .. ")")
	end
	local fields = {
		name = self.package.name,
		version = tostring(self.package.version),
		variant = tostring(variant.index),
	}
	local text = cfg.template:gsub("{(%w+)}", fields)
	-- written in the build directory and listed as an artifact, so the build copies it
	assert(fs.write(path.join(variant.build_path, cfg.path), text))
	table.insert(build_data.artifacts, cfg.path)
end

return hook
