name = 'lv'
version = '1.0'
variants = {{"a-1"}, {"a-2"}}
@late
function requires()
  if this.is_variant then return {"b-" .. (this.index + 1)} end
  return {"b-1"}
end
@late
function build_requires()
  if this.is_variant then return {"c-" .. (this.index + 1)} end
  return {"c-1"}
end
function commands()
  env.LV_REQ = table.concat(this.requires, " ")
  env.LV_KIND = this.is_variant and "variant" or "package"
end
