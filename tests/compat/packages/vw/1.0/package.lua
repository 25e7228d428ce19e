name = 'vw'
version = '1.0'
function commands() info("[" .. table.concat(this.requires, " ") .. "] " .. tostring(this.tools)) end
