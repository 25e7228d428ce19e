name = "local_rename"
version = "1.0"

function preprocess(this, data)
	data.name = "something_else"
	data.version = "2.0"
end
