-- ci_trigger.lua - before a release, asks a CI service whether the revision passed, and
-- cancels the release when it did not; after it, triggers a downstream job. Settings
-- (plugins.release_hook.ci_trigger):
--   status_url   GET before releasing; {package} and {version} are replaced; must answer
--                2xx with a JSON object whose "state" is "success" (optional)
--   trigger_url  POSTed a JSON object {package, version, user, variants} after releasing
--   token        sent as "Authorization: Bearer <token>" (optional)
return {
  durable = true,
  pre_release = function(args)
    local s = args.settings
    if not s.status_url then return end
    local url = s.status_url:gsub("{package}", args.package.name)
                            :gsub("{version}", args.package.version or "")
    local headers = {}
    if s.token then headers.Authorization = "Bearer " .. s.token end
    local res, err = http.get(url, { headers = headers, timeout = s.timeout or 10 })
    if not res then cancel("CI status unavailable: " .. err) end
    local ok, doc = pcall(json.decode, res.body)
    if res.status ~= 200 or not ok or type(doc) ~= "table" or doc.state ~= "success" then
      cancel("CI has not passed for " .. args.package.qualified_name)
    end
  end,
  post_release = function(args)
    local s = args.settings
    if not s.trigger_url then return end
    local headers = { ["Content-Type"] = "application/json" }
    if s.token then headers.Authorization = "Bearer " .. s.token end
    local roots = {}
    for _, v in ipairs(args.variants) do roots[#roots + 1] = v.root end
    local res, err = http.post(s.trigger_url, {
      headers = headers,
      body = json.encode({ package = args.package.name, version = args.package.version,
                           user = args.user, variants = roots }),
      timeout = s.timeout or 10,
    })
    if not res then error(err) end
    if res.status < 200 or res.status >= 300 then
      error("CI trigger answered " .. res.status)
    end
  end,
}
