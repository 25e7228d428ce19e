name = "mylib"
version = "2.1.0"
description = "A pure-Python library built once per Python major version."

-- One variant per interpreter: the resolver picks the one matching the request.
variants = {
    {"python-2.7"},
    {"python-3.11"},
}

function commands()
    env.PYTHONPATH:append("{root}/python")
end
