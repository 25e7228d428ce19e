-- An older envbase, so that contexts can differ (rez context --diff).
name = "envbase"
version = "1.9.0"

function commands()
    env.ENVBASE_ROOT = "{root}"
    env.ENVLIST:append("base")
end
