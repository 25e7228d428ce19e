-- The global function of Rez's test_developer_dynamic_before/after, as a module that
-- returns a table.
local M = {}
function M.preprocess(this, data)
	data.dynamic_attribute_added = { value_set_by = "global" }
	data.added_by_global_preprocess = true
end
return M
