-- A dotted module name: studio.paths is studio/paths.lua.
function root()
	return "/studio"
end
