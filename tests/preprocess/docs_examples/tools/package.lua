name = "studio_tools"
version = "1.4.0"
requires = { "python-3.11" }

@include("site_paths")
function commands()
	env.PATH:append("{root}/bin")
	env.STUDIO_TOOLS_CONFIG = site_paths.config_dir() .. "/studio_tools"
end
