name = "local_raises"
version = "1.0"

function preprocess(this, data)
	error("nope, not today")
end
