-- Requested in a nested context on top of hostile/envbase.
name = "envdep"
version = "1.0.0"
requires = {"envbase"}

function commands()
    env.ENVDEP_ROOT = "{root}"
    env.ENVLIST:append("dep")
end
