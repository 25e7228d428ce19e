name = 'vu'
version = '1.0'
variants = {{"dep-1"}}
function commands() info("[" .. table.concat(this.requires, " ") .. "]") end
