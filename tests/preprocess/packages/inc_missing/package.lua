name = "inc_missing"
version = "1.0"

@include("nope")
function commands()
	env.X = nope.x
end
