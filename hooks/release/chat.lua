-- chat.lua - posts a line to a chat webhook (Slack, Mattermost, Teams incoming webhooks all
-- take {"text": ...}) after a release. Settings (plugins.release_hook.chat):
--   url      the incoming webhook URL (required)
--   channel  optional channel override
--   timeout  seconds (default 10)
-- Marked durable: the message goes through the outbox, so a chat outage loses nothing.
return {
  durable = true,
  post_release = function(args)
    local s = args.settings
    if not s.url then
      error("plugins.release_hook.chat.url is not set")
    end
    local roots = {}
    for _, v in ipairs(args.variants) do
      roots[#roots + 1] = v.root
    end
    local text = string.format("%s released %s (%d variant%s)%s", args.user,
      args.package.qualified_name, #args.variants, #args.variants == 1 and "" or "s",
      args.release_message and (": " .. args.release_message) or "")
    local body = { text = text }
    if s.channel then body.channel = s.channel end
    local res, err = http.post(s.url, {
      headers = { ["Content-Type"] = "application/json" },
      body = json.encode(body),
      timeout = s.timeout or 10,
    })
    if not res then error(err) end
    if res.status < 200 or res.status >= 300 then
      error("chat webhook answered " .. res.status .. ": " .. res.body)
    end
  end,
}
