-- Port of Rez's data/tests/python/early_bind/early_utils.py: a module of plain functions.
function get_authors()
	return { "tweedle-dee", "tweedle-dum" }
end
