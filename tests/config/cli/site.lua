-- a computed site configuration, run in the sandbox
local root = "/studio"
packages_path = { root .. "/packages", "~/packages" }
release_hooks = ModifyList{ append = { "emailer" } }
build_thread_count = 2 * 4
platform_map = {}
plugins = { release_hook = { emailer = { smtp_host = string.upper("mail") .. ".example.com" } } }
