-- system: read-only host facts (stdlib/system.c)

eq(system.platform, "linux", "platform")
check(type(system.arch) == "string" and #system.arch > 0, "arch: " .. tostring(system.arch))
check(type(system.os) == "string" and system.os:find("-") ~= nil, "os: " .. tostring(system.os))
check(type(system.hostname) == "string" and #system.hostname > 0, "hostname")
check(type(system.user) == "string" and #system.user > 0, "user")
check(type(system.home) == "string", "home")
check(math.type(system.num_cpus) == "integer" and system.num_cpus >= 1, "num_cpus")
check(system.rez_version:match("^%d+%.%d+%.%d+$") ~= nil, "rez_version")
raises("read-only", function() system.platform = "windows" end)
raises("has no field 'platfrom'", function() return system.platfrom end)
eq(getmetatable(system), false, "the metatable is protected")
local n = 0
for k, v in pairs(system) do n = n + 1; check(v ~= nil, "pairs gives " .. k) end
eq(n, 8, "pairs lists every field")
check(rawequal(require("rez.system"), system), "require('rez.system')")
