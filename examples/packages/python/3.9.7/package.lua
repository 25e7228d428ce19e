name = "python"
version = "3.9.7"
description = "The Python programming language."

tools = {"python", "pip"}

function commands()
    env.PATH:prepend("{root}/bin")
    env.PYTHONHOME = "{root}"
end
