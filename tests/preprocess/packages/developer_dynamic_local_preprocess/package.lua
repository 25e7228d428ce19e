-- Port of Rez's data/tests/packages/developer_dynamic_local_preprocess/package.py
name = "developer_dynamic_local_preprocess"

@early
function description()
	return "This."
end

requires = {
	"versioned-*",
}

function preprocess(this, data)
	local early_utils = require("early_utils")
	data.authors = early_utils.get_authors()
	data.added_by_local_preprocess = true
end

built_on = os.getenv("REZ_TEST_PLATFORM") or "linux"
