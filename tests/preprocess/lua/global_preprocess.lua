-- Port of Rez's data/tests/python/preprocess/global_preprocess.py.
function inject_data(this, data)
	data.added_by_global_preprocess = true
end
