name = "py"
version = "3.11"
function commands()
    env.PYVER = "3.11"
end
