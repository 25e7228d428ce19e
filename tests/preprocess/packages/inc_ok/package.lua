name = "inc_ok"
version = "1.0"

@include("util")
function commands()
	env.INC_OK = util.who()
end

@late
@include("util")
function tools()
	return { util.who() }
end
