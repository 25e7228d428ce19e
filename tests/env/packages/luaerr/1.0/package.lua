name = "luaerr"
version = "1.0"

function commands()
    env.LUAERR_OK = "set before the error"
    local missing = nil
    env.LUAERR_BAD = missing.field
end
