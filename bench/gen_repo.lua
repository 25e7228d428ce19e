-- gen_repo.lua - writes a synthetic package repository for the benchmarks.
--
--   lua5.4 bench/gen_repo.lua DIR FAMILIES VERSIONS [SEED] [all]
--
-- With "all", the same packages are also written as Rez's package.py (DIR.py), Lmod Lua
-- modulefiles (DIR.lmod/famNNNN/VERSION.lua) and Tcl modulefiles for Environment Modules
-- (DIR.tcl/famNNNN/VERSION): each sets FAMNNNN_ROOT, prepends PATH and appends
-- LD_LIBRARY_PATH with the same paths as the package.lua, and loads the newest version of
-- each family it requires (Lmod depends_on, Tcl `module load`), as Rez resolves `famN-1+`.
--
-- Family i (fam0000 ... ) has VERSIONS versions 1.0.0 ... ; each version requires up to three
-- families with a lower index (so the graph is acyclic), with ranges that the newest versions
-- satisfy. Every 10th family has two variants (on the two lowest families' majors), every 7th
-- an @early description, every 11th a @late tools list. Each package's commands set a variable,
-- prepend PATH and append LD_LIBRARY_PATH. Deterministic for a given SEED.
local dir, nfam, nver, seed = arg[1], tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4] or "1")
local all = arg[5] == "all"
if not dir or not nfam or not nver then
  io.stderr:write("usage: lua5.4 gen_repo.lua DIR FAMILIES VERSIONS [SEED]\n")
  os.exit(2)
end
math.randomseed(seed)

local function fam(i) return string.format("fam%04d", i) end

local function mkdir(p)
  local ok = os.execute("mkdir -p '" .. p .. "'")
  if not ok then error("cannot create " .. p) end
end

local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

-- Directories are made in one batch: one mkdir process per package would dominate the run.
local dirs, files = {}, {}
for i = 0, nfam - 1 do
  local deps = {}
  if i > 2 then
    local seen = {}
    for _ = 1, math.random(0, 3) do
      local j = math.random(0, i - 1)
      if not seen[j] then
        seen[j] = true
        deps[#deps + 1] = j
      end
    end
  end
  for v = 1, nver do
    local version = string.format("%d.%d.0", 1 + (v - 1) // 5, (v - 1) % 5)
    local lines = {
      string.format('name = "%s"', fam(i)),
      string.format('version = "%s"', version),
    }
    if i % 7 == 0 then
      lines[#lines + 1] = "@early"
      lines[#lines + 1] = "function description()"
      lines[#lines + 1] = '  return "synthetic package " .. this.name .. " " .. this.version'
      lines[#lines + 1] = "end"
    else
      lines[#lines + 1] = string.format('description = "synthetic package %s"', fam(i))
    end
    local req = {}
    for _, j in ipairs(deps) do
      req[#req + 1] = string.format('"%s-1+"', fam(j))
    end
    lines[#lines + 1] = "requires = {" .. table.concat(req, ", ") .. "}"
    if i % 10 == 0 and i >= 2 then
      lines[#lines + 1] = string.format('variants = {{"%s-1"}, {"%s-1"}}', fam(0), fam(1))
    end
    if i % 11 == 0 then
      lines[#lines + 1] = "@late"
      lines[#lines + 1] = "function tools()"
      lines[#lines + 1] = '  return {this.name .. "-tool", this.name .. "-admin"}'
      lines[#lines + 1] = "end"
    end
    lines[#lines + 1] = "function commands()"
    lines[#lines + 1] = string.format('  env.%s_ROOT = "{root}"', fam(i):upper())
    lines[#lines + 1] = '  env.PATH:prepend("{root}/bin")'
    lines[#lines + 1] = '  env.LD_LIBRARY_PATH:append("{root}/lib")'
    lines[#lines + 1] = "end"
    local pdir = string.format("%s/%s/%s", dir, fam(i), version)
    dirs[#dirs + 1] = pdir
    files[#files + 1] = { pdir .. "/package.lua", table.concat(lines, "\n") .. "\n" }
    if all then
      -- package.py: the same definition in Rez's Python (requires, variants, commands)
      local py = {
        string.format('name = "%s"', fam(i)),
        string.format('version = "%s"', version),
        string.format('description = "synthetic package %s"', fam(i)),
        "requires = [" .. table.concat(req, ", ") .. "]",
      }
      if i % 10 == 0 and i >= 2 then
        py[#py + 1] = string.format('variants = [["%s-1"], ["%s-1"]]', fam(0), fam(1))
      end
      py[#py + 1] = "def commands():"
      py[#py + 1] = string.format('    env.%s_ROOT = "{root}"', fam(i):upper())
      py[#py + 1] = '    env.PATH.prepend("{root}/bin")'
      py[#py + 1] = '    env.LD_LIBRARY_PATH.append("{root}/lib")'
      local ppdir = string.format("%s.py/%s/%s", dir, fam(i), version)
      dirs[#dirs + 1] = ppdir
      files[#files + 1] = { ppdir .. "/package.py", table.concat(py, "\n") .. "\n" }
      -- modulefiles: the root is the package directory (modules have no variants)
      local lm = { string.format('local root = "%s"', pdir) }
      local tc = { "#%Module1.0", string.format("set root %s", pdir) }
      for _, j in ipairs(deps) do
        lm[#lm + 1] = string.format('depends_on("%s")', fam(j))
        tc[#tc + 1] = string.format("module load %s", fam(j))
      end
      lm[#lm + 1] = string.format('setenv("%s_ROOT", root)', fam(i):upper())
      lm[#lm + 1] = 'prepend_path("PATH", pathJoin(root, "bin"))'
      lm[#lm + 1] = 'append_path("LD_LIBRARY_PATH", pathJoin(root, "lib"))'
      tc[#tc + 1] = string.format("setenv %s_ROOT $root", fam(i):upper())
      tc[#tc + 1] = "prepend-path PATH $root/bin"
      tc[#tc + 1] = "append-path LD_LIBRARY_PATH $root/lib"
      dirs[#dirs + 1] = string.format("%s.lmod/%s", dir, fam(i))
      dirs[#dirs + 1] = string.format("%s.tcl/%s", dir, fam(i))
      files[#files + 1] = { string.format("%s.lmod/%s/%s.lua", dir, fam(i), version), table.concat(lm, "\n") .. "\n" }
      files[#files + 1] = { string.format("%s.tcl/%s/%s", dir, fam(i), version), table.concat(tc, "\n") .. "\n" }
    end
  end
end
local list = os.tmpname()
write(list, table.concat(dirs, "\0") .. "\0")
mkdir(dir)
assert(os.execute("xargs -0 mkdir -p < '" .. list .. "'"), "mkdir failed")
os.remove(list)
for _, f in ipairs(files) do
  write(f[1], f[2])
end
