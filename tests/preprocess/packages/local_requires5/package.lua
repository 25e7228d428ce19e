name = "local_requires5"
version = "1.0"

function preprocess(this, data)
	data.requires = 5
end
