name = "studiotools"
version = "0.3.0"
authors = {"Pipeline Team"}

-- Computed once, when the definition is loaded: `this` is the package so far.
@early
function description()
    return "Studio tools " .. this.version .. (building and " (build)" or "")
end

-- Computed when first read, in the context that reads it.
@late
function tools()
    local t = {"st-publish", "st-review"}
    if in_context() then
        t[#t + 1] = "st-context"
    end
    return t
end

requires = early(function()
    return {"python-" .. (building and "3.11" or "3")}
end)

function commands()
    env.STUDIOTOOLS_ROOT = "{root}"
    env.PATH:append("{root}/bin")
end
