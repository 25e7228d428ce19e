-- Appends "global" to data.order: shows which function ran when.
function record(this, data)
	data.order = data.order or {}
	table.insert(data.order, "global")
end
