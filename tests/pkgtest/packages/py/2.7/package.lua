name = "py"
version = "2.7"
function commands()
    env.PYVER = "2.7"
end
