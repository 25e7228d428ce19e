-- Port of Rez's data/tests/packages/developer_dynamic_global_preprocess/package.py
name = "developer_dynamic_global_preprocess"

@early
function description()
	return "This."
end

built_on = os.getenv("REZ_TEST_PLATFORM") or "linux"
