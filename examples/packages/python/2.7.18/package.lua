name = "python"
version = "2.7.18"
description = "The Python programming language."

tools = {"python", "pip"}

function commands()
    env.PATH:prepend("{root}/bin")
    env.PYTHONHOME = "{root}"
end
