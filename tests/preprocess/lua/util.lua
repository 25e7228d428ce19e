-- An @include module found on package_definition_lua_path.
local M = {}
function M.who()
	return "path"
end
return M
