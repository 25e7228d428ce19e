name = "local_garbage"
version = "1.0"

function preprocess(this, data)
	return 42
end
