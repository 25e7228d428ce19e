name = "tlate"
version = "1.0"
variants = {{"py-2.7"}, {"py-3.11"}}

@late
function tests()
    local t = {all = {command = "echo late " .. tostring(in_context()) .. " " .. this.name, on_variants = true}}
    if this.index ~= 0 then
        t.only1 = {command = "echo only1", on_variants = true}
    end
    return t
end
