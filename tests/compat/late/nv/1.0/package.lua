name = 'nv'
version = '1.0'
@late
function build_requires()
  if this.is_variant and this.index == nil and this.root == this.base then return {"c-2"} end
  return {"c-1"}
end
@late
function requires()
  return this.is_variant and {"b-2"} or {"b-1"}
end
