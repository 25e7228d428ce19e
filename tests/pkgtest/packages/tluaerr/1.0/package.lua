name = "tluaerr"
version = "1.0"
tests = {t = "echo never"}

function pre_test_commands()
    local missing
    env.X = missing.field
end
