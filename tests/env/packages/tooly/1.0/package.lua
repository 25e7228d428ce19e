name = "tooly"
version = "1.0"
tools = {"tooly", "hostile-tool"}

function commands()
    env.PATH:append("{root}/bin")
end
