-- site_paths.lua: an @include module; a file of plain functions is a module of them.
function config_dir()
	return "/studio/config"
end
