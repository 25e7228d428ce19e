name = 'vt'
version = '1.0'
requires = {"dep"}
variants = {{"dep-1"}}
function commands() info("[" .. table.concat(this.requires, " ") .. "]") end
