-- The package's own config chooses the mode and the global function (Rez: package config
-- overrides package_preprocess_function / package_preprocess_mode).
name = "pkg_config_mode"
version = "1.0"

config = {
	package_preprocess_mode = "before",
	package_preprocess_function = "order_global.record",
}

function preprocess(this, data)
	data.order = data.order or {}
	table.insert(data.order, "local")
end
