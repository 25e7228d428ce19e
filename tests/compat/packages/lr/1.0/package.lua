name = 'lr'
version = '1.0'
@late
function requires() return {"dep"} end
function commands()
  info("requires: " .. table.concat(this.requires, " "))
end
