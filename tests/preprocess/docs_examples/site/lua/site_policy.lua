-- site_policy.lua: the studio's global preprocess (docs/preprocess.md).
-- Settings: package_definition_lua_path: [/studio/rez/lua]
--           package_preprocess_function: site_policy.apply
local M = {}

-- 1. Every package built on Linux requires the studio's glibc baseline.
function M.platform_requirement(this, data)
	if system.platform ~= "linux" then
		return
	end
	data.requires = data.requires or {}
	for _, r in ipairs(data.requires) do
		if r:match("^glibc[-=<>~]") or r == "glibc" then
			return            -- the package says which glibc itself
		end
	end
	table.insert(data.requires, "glibc-2.28+")
end

-- 2. Every package names its authors; the pipeline team maintains the rest.
function M.authors(this, data)
	data.authors = data.authors or {}
	if #data.authors == 0 then
		table.insert(data.authors, "pipeline-team")
	end
end

-- 3. Package names are lower case: letters, digits and underscores.
function M.naming(this, data)
	if not this.name:match("^[a-z][a-z0-9_]*$") then
		InvalidPackageError("package name '" .. this.name .. "' must be lower case "
			.. "(letters, digits, '_'), see https://wiki.studio/naming")
	end
end

function M.apply(this, data)
	M.naming(this, data)
	M.platform_requirement(this, data)
	M.authors(this, data)
end

return M
