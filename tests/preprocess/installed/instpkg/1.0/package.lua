name = "instpkg"
version = "1.0"

@late
@include("util")
function tools()
	return { util.who() }
end

@include("util")
function commands()
	env.INSTPKG_WHO = util.who()
	env.INSTPKG_ROOT = util.root()
end
