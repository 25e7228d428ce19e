-- A tool built with make: `rez build -i` runs `make` then `make install` with
-- PREFIX set to the variant's install path.
name = "wordy"
version = "0.2.0"
description = "Counts the words on standard input (a Make-built C tool)."
authors = {"rez-lua examples"}

tools = {"wordy"}

function commands()
    env.PATH:prepend("{root}/bin")
end

tests = {
    count = {command = "printf 'a b c\\n' | wordy", run_on = {"default", "pre_install"}},
}
