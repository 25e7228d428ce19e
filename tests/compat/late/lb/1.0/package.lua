name = 'lb'
version = '1.0'
@late
function build_requires()
  error("boom")
end
