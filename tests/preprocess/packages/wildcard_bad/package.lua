name = "wildcard_bad"
version = "1.0"

function preprocess(this, data)
	data.requires = { "versioned-1.*.1" }
end
