name = "inc_badname"
version = "1.0"

@include("../evil")
function commands()
	env.X = "1"
end
