-- A pure-script package built by the custom build system: build_command copies the
-- scripts into the install path (under $DESTDIR, where rez-lua stages the payload).
name = "shtools"
version = "1.1.0"
description = "Shell helpers, one variant per Python major version."
authors = {"rez-lua examples"}

variants = {
    {"python-3.9"},
    {"python-3.11"},
}

tools = {"shtools-hello"}

build_command = 'mkdir -p "$DESTDIR{install_path}/bin" && cp {root}/bin/* "$DESTDIR{install_path}/bin/"'

function pre_build_commands()
    env.SHTOOLS_BUILD_TYPE = build.build_type
end

function commands()
    env.PATH:prepend("{root}/bin")
end

tests = {
    hello = {command = "shtools-hello", on_variants = true},
}
