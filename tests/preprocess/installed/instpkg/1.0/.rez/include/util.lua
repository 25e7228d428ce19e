-- The copy `rez build` would have made into the installed package.
local M = {}
function M.who()
	return "installed"
end
-- a module may require another one (found the same way)
function M.root()
	return require("studio.paths").root()
end
return M
