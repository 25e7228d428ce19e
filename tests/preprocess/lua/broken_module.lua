local M = {}
function M.f(this, data) end
undefined_helper()
return M
