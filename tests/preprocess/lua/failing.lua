local M = {}
function M.boom(this, data)
	error("boom")
end
function M.garbage(this, data)
	return "all done"
end
function M.bad_requires(this, data)
	data.requires = 5
end
function M.reject(this, data)
	InvalidPackageError("package '" .. this.name .. "' is not allowed here")
end
M.not_a_function = 42
return M
