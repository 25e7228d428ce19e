name = "envbase"
version = "2.3.4"

function commands()
    env.ENVBASE_ROOT = "{root}"
    env.ENVLIST:append("base")
end
