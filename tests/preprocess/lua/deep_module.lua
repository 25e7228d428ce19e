-- An @include module holding a table nested 30,000 levels deep: loading it fails with the
-- freeze's depth error naming this file (tests/unit/test_include.c).
local root = {}
local t = root
for _ = 1, 30000 do
	t.next = {}
	t = t.next
end
return { chain = root }
