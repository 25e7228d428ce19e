name = "python"
version = "3.11.4"
description = "The Python programming language."

tools = {"python", "pip"}

function commands()
    env.PATH:prepend("{root}/bin")
    env.PYTHONHOME = "{root}"
end
