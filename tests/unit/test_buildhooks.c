/* Unit tests for hooks/build/: hook discovery and order, settings precedence (defaults, site,
 * package, per target), enable_by_default and REZ_BUILD_HOOK_ENABLE_<NAME>, the four phases
 * and build_data, the shipped hooks, the fs/proc API and its confinement, and every error
 * (named hook, file, line, phase). Works in a fresh temporary directory. */
#include "runtime/common.h"
#include "hooks/build/buildhooks.h"
#include "interp/load.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/rez-buildhooks-XXXXXX";
static char *src, *bdir, *vbuild, *vinst, *hookdir, *outside;
static int file_no;

static char *pathf(const char *fmt, ...) RT_PRINTF(1, 2);
static char *pathf(const char *fmt, ...)
{
	struct rt_buf b = RT_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	rt_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return rt_buf_detach(&b, NULL);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static char *read_text(const char *path)
{
	struct rt_buf b = RT_BUF_INIT;
	if (rt_buf_read_file(&b, path, 1 << 20) < 0) {
		rt_buf_release(&b);
		return NULL;
	}
	return rt_buf_detach(&b, NULL);
}

static char *describe(const struct rt_value *v)
{
	struct rt_buf b = RT_BUF_INIT;
	rt_value_describe(v, &b);
	return rt_buf_detach(&b, NULL);
}

#define CHECK_DESC(v, want) do { \
		char *d_ = describe(v); \
		CHECK_STR(d_, want); \
		free(d_); \
	} while (0)

/* A hook module NAME.lua in the build_hook_path directory. */
static void hook(const char *name, const char *text)
{
	char *p = pathf("%s/%s.lua", hookdir, name);
	write_file(p, text);
	free(p);
}

/* One build's fixtures: a config file and a package definition. */
struct fx {
	struct rt_config *cfg;
	struct rt_value *pkg;
	char *pkgfile;
	struct hk_build_opts o;
	struct hk_build_variant v;
	struct rt_value *data;
};

static int fx_init(struct fx *f, const char *config_yaml, const char *package_lua,
		   const char *target, struct rt_error *err)
{
	struct rt_config_opts co = RT_CONFIG_OPTS_INIT;
	char *cfgfile = pathf("%s/config%d.yaml", root, ++file_no);
	struct rt_buf yaml = RT_BUF_INIT;
	const char *files[2] = { cfgfile, NULL };

	memset(f, 0, sizeof(*f));
	rt_buf_addf(&yaml, "build_hook_path: ['%s']\n%s", hookdir, config_yaml);
	write_file(cfgfile, yaml.buf);
	rt_buf_release(&yaml);
	co.files = files;
	co.no_env = 1;
	f->cfg = rt_config_load(&co, err);
	free(cfgfile);
	if (!f->cfg)
		return -1;
	f->pkgfile = pathf("%s/package.lua", src);
	write_file(f->pkgfile, package_lua);
	f->pkg = li_load_definition(f->pkgfile, NULL, err);
	if (!f->pkg)
		return -1;
	f->o.cfg = f->cfg;
	f->o.package = f->pkg;
	f->o.package_file = f->pkgfile;
	f->o.source_root = src;
	f->o.build_dir = bdir;
	f->o.target_name = target;
	f->o.install = 1;
	f->v.index = 0;
	f->v.subpath = "python-3";
	f->v.build_path = vbuild;
	f->v.install_path = vinst;
	f->v.requires = rt_map_get(f->pkg, "requires");
	f->v.package = f->pkg;
	f->data = rt_value_map();
	return 0;
}

static void fx_release(struct fx *f)
{
	rt_config_free(f->cfg);
	rt_value_free(f->pkg);
	rt_value_free(f->data);
	free(f->pkgfile);
}

#define PKG "name = 'foo'\nversion = '1.2.3'\nrequires = {'python-3'}\n"

/* Runs initialize with config/package; returns the error message (or NULL) and leaves the
 * final build_data description in *desc. */
static char *run_init(const char *config_yaml, const char *package_lua, const char *target,
		      char **desc)
{
	struct fx f;
	struct rt_error err = RT_ERROR_INIT;
	struct hk_build *hk = NULL;
	if (desc)
		*desc = NULL;
	if (fx_init(&f, config_yaml, package_lua, target, &err) == 0 &&
	    (hk = hk_build_new(&f.o, &err)) &&
	    hk_build_initialize(hk, &f.v, f.data, &err) == 0 && desc)
		*desc = describe(f.data);
	hk_build_free(hk);
	fx_release(&f);
	return err.msg;
}

static void expect_init_error_s(const char *config_yaml, const char *package_lua, char *want)
{
	char *msg = run_init(config_yaml, package_lua, "local", NULL);
	CHECK_STR(msg, want);
	free(msg);
	free(want);
}
#define expect_init_error(cfg, pkg, ...) expect_init_error_s(cfg, pkg, pathf(__VA_ARGS__))

/* ---- tests ---- */

static void test_order_and_data(void)
{
	char *desc, *msg;
	hook("first",
	     "local h = { name = 'first' }\n"
	     "function h.initialize(self, variant, data)\n"
	     "  table.insert(data.artifacts, 'a.txt')\n"
	     "  data.env.FIRST = table.concat(data.build_hooks, ',')\n"
	     "  data.force_include['gen/x.txt'] = 'share/x.txt'\n"
	     "end\n"
	     "return h\n");
	hook("second",
	     "return { name = 'second', initialize = function(self, v, data)\n"
	     "  table.insert(data.artifacts, 'b-' .. #data.artifacts .. '.txt')\n"
	     "  data.env.SECOND = data.env.FIRST .. '!'\n"
	     "  table.insert(data.build_args, '-DX=1')\n"
	     "  data.extra = { n = 1 }\n"
	     "end }\n");
	msg = run_init("build_hooks: [first, second]\n", PKG, "local", &desc);
	CHECK_STR(msg, NULL);
	CHECK_STR(desc, "{artifacts: ['a.txt', 'b-1.txt'], build_args: ['-DX=1'], env: {FIRST: "
		  "'first,second', SECOND: 'first,second!'}, extra: {n: 1}, force_include: "
		  "{gen/x.txt: 'share/x.txt'}, build_hooks: ['first', 'second']}");
	free(msg);
	free(desc);

	/* the package's list adds hooks after the site's, and order follows it */
	msg = run_init("build_hooks: [second]\n", PKG "build_hooks = {'first'}\n", "local", &desc);
	CHECK(msg && strstr(msg, "build hook 'second' (initialize)") &&
	      strstr(msg, "attempt to concatenate a nil value"));
	free(msg);
	free(desc);
	msg = run_init("", PKG "build_hooks = {'first', 'second'}\n", "local", &desc);
	CHECK(desc && strstr(desc, "build_hooks: ['first', 'second']"));
	free(msg);
	free(desc);
}

static void test_settings(void)
{
	char *desc, *msg;
	const char *cfg =
		"build_hooks: [conf]\n"
		"plugins:\n"
		"  build_hook:\n"
		"    conf: {site: s, over: site, deep: {a: 1, b: 1}}\n";
	hook("conf",
	     "return { name = 'conf', defaults = { def = 'd', over = 'default', site = 'x' },\n"
	     "  initialize = function(self, v, data)\n"
	     "    local c = self.config\n"
	     "    local keys = {}\n"
	     "    for k in pairs(c) do keys[#keys + 1] = k end\n"
	     "    table.sort(keys)\n"
	     "    local parts = {}\n"
	     "    for _, k in ipairs(keys) do\n"
	     "      local val = c[k]\n"
	     "      if type(val) == 'table' then val = 'a=' .. tostring(val.a) .. ' b=' .. tostring(val.b) end\n"
	     "      parts[#parts + 1] = k .. '=' .. tostring(val)\n"
	     "    end\n"
	     "    data.env.CONFIG = table.concat(parts, ';')\n"
	     "    data.env.SELF = table.concat({ self.name, self.root == ROOT and 'root' or self.root,\n"
	     "      self.directory == v.build_path and 'dir' or self.directory, self.target_name,\n"
	     "      tostring(self.variant.index), self.variant.subpath, self.variant.requires[1],\n"
	     "      self.package.name, tostring(self.package.version), tostring(self.build.install),\n"
	     "      self.build.build_type }, ',')\n"
	     "  end }\n");
	{
		/* ROOT is a global of the hook's state only through the test; set via config */
	}
	msg = run_init(cfg, PKG
		       "build_hooks = {\n"
		       "  conf = { over = 'package', deep = { b = 2 } },\n"
		       "  targets = { central = { conf = { over = 'central' } },\n"
		       "              ['local'] = { conf = { deep = { a = 3 } } } },\n"
		       "}\n", "local", &desc);
	CHECK_STR(msg, NULL);
	CHECK(desc && strstr(desc, "CONFIG: 'deep=a=3 b=2;def=d;over=package;site=s'"));
	CHECKF(desc && strstr(desc, "SELF: 'conf,"), "%s", desc ? desc : "");
	CHECKF(desc && strstr(desc, ",dir,local,0,python-3,python-3,foo,1.2.3,true,local'"), "%s",
	       desc ? desc : "");
	free(msg);
	free(desc);
	msg = run_init(cfg, PKG
		       "build_hooks = {\n"
		       "  conf = { over = 'package', deep = { b = 2 } },\n"
		       "  targets = { central = { conf = { over = 'central' } } },\n"
		       "}\n", "central", &desc);
	CHECK_STR(msg, NULL);
	CHECK(desc && strstr(desc, "CONFIG: 'deep=a=1 b=2;def=d;over=central;site=s'"));
	CHECK(desc && strstr(desc, ",central'"));
	free(msg);
	free(desc);

	/* empty tables anywhere are fine */
	msg = run_init(cfg, PKG "build_hooks = { conf = {}, targets = { central = {} } }\n", "local",
		       &desc);
	CHECK_STR(msg, NULL);
	CHECK(desc && strstr(desc, "CONFIG: 'deep=a=1 b=1;def=d;over=site;site=s'"));
	free(msg);
	free(desc);
	msg = run_init(cfg, PKG "build_hooks = { targets = {} }\n", "local", &desc);
	CHECK_STR(msg, NULL);
	free(msg);
	free(desc);
	/* a hook named only for one target runs only there */
	hook("stamp", "return { name = 'stamp', initialize = function(self, v, d)\n"
		      "  d.env.STAMP = self.config.word or 'none' end }\n");
	msg = run_init("", PKG "build_hooks = { targets = { central = { stamp = { word = 'rel' } } } }\n",
		       "central", &desc);
	CHECK(desc && strstr(desc, "STAMP: 'rel'"));
	free(msg);
	free(desc);
	msg = run_init("", PKG "build_hooks = { targets = { central = { stamp = { word = 'rel' } } } }\n",
		       "local", &desc);
	CHECK(desc && !strstr(desc, "STAMP") && strstr(desc, "build_hooks: []"));
	free(msg);
	free(desc);
}

static void test_enable(void)
{
	char *desc, *msg;
	hook("optin", "return { name = 'optin', defaults = { enable_by_default = false },\n"
		      "  initialize = function(self, v, d) d.env.OPTIN = 'ran' end }\n");
	unsetenv("REZ_BUILD_HOOK_ENABLE_OPTIN");
	msg = run_init("build_hooks: [optin]\n", PKG, "local", &desc);
	CHECK(desc && !strstr(desc, "OPTIN") && strstr(desc, "build_hooks: []"));
	free(msg);
	free(desc);
	setenv("REZ_BUILD_HOOK_ENABLE_OPTIN", "1", 1);
	msg = run_init("build_hooks: [optin]\n", PKG, "local", &desc);
	CHECK(desc && strstr(desc, "OPTIN: 'ran'") && strstr(desc, "build_hooks: ['optin']"));
	free(msg);
	free(desc);
	setenv("REZ_BUILD_HOOK_ENABLE_OPTIN", "maybe", 1);
	msg = run_init("build_hooks: [optin]\n", PKG, "local", &desc);
	CHECK_STR(msg, "environment variable REZ_BUILD_HOOK_ENABLE_OPTIN must be true or false "
		  "(got 'maybe')");
	free(msg);
	free(desc);
	unsetenv("REZ_BUILD_HOOK_ENABLE_OPTIN");
	/* the package turns a site hook off; the variable turns it back on (dash -> underscore) */
	hook("my-hook", "return { name = 'my-hook', initialize = function(self, v, d) d.env.MINE = '1' end }\n");
	msg = run_init("build_hooks: [my-hook]\n", PKG "build_hooks = { ['my-hook'] = false }\n",
		       "local", &desc);
	CHECK(desc && !strstr(desc, "MINE"));
	free(msg);
	free(desc);
	setenv("REZ_BUILD_HOOK_ENABLE_MY_HOOK", "true", 1);
	msg = run_init("build_hooks: [my-hook]\n", PKG "build_hooks = { ['my-hook'] = false }\n",
		       "local", &desc);
	CHECK(desc && strstr(desc, "MINE: '1'"));
	free(msg);
	free(desc);
	setenv("REZ_BUILD_HOOK_ENABLE_MY_HOOK", "off", 1);
	msg = run_init("build_hooks: [my-hook]\n", PKG, "local", &desc);
	CHECK(desc && !strstr(desc, "MINE"));
	free(msg);
	free(desc);
	unsetenv("REZ_BUILD_HOOK_ENABLE_MY_HOOK");
}

static void test_phases(void)
{
	struct fx f;
	struct rt_error err = RT_ERROR_INIT;
	struct hk_build *hk;
	struct rt_value *reqs = rt_value_list();
	int idx[2] = { 0, 1 };
	char *p, *t;

	hook("phases",
	     "local h = { name = 'phases' }\n"
	     "function h.dependencies(self) return { 'cmake-3+', 'python' } end\n"
	     "function h.clean(self, variants)\n"
	     "  assert(fs.write('clean.log', table.concat(variants, ',') .. ' ' .. self.directory))\n"
	     "end\n"
	     "function h.finalize(self, variant, data, artifact_path)\n"
	     "  assert(fs.write(artifact_path .. '/final.txt', data.install_path .. ' ' ..\n"
	     "    #data.artifacts))\n"
	     "  data.env.DONE = 'yes'\n"
	     "end\n"
	     "return h\n");
	if (fx_init(&f, "build_hooks: [phases]\n", PKG, "local", &err) < 0) {
		CHECKF(0, "%s", err.msg);
		return;
	}
	hk = hk_build_new(&f.o, &err);
	CHECKF(hk != NULL, "%s", rt_error_msg(&err));
	if (!hk)
		return;
	CHECK_DESC(hk_build_names(hk), "['phases']");
	CHECK(hk_build_dependencies(hk, reqs, &err) == 0);
	CHECK_DESC(reqs, "['cmake-3+', 'python']");
	CHECK(hk_build_clean(hk, idx, 2, &err) == 0);
	p = pathf("%s/clean.log", src);
	t = read_text(p);
	free(p);
	p = pathf("0,1 %s", bdir);
	CHECK_STR(t, p);
	free(p);
	free(t);
	rt_map_set(f.data, "artifacts", rt_value_list());
	rt_list_push(rt_map_get(f.data, "artifacts"), rt_value_str("x"));
	rt_map_set(f.data, "install_path", rt_value_str(vinst));
	CHECK(hk_build_finalize(hk, &f.v, f.data, vinst, &err) == 0);
	CHECKF(err.msg == NULL, "%s", rt_error_msg(&err));
	p = pathf("%s/final.txt", vinst);
	t = read_text(p);
	free(p);
	p = pathf("%s 1", vinst);
	CHECK_STR(t, p);
	free(p);
	free(t);
	CHECK_STR(rt_value_as_str(rt_map_get(rt_map_get(f.data, "env"), "DONE")), "yes");
	CHECK_DESC(rt_map_get(f.data, "build_hooks"), "['phases']");
	hk_build_free(hk);
	rt_value_free(reqs);
	fx_release(&f);
	rt_error_release(&err);

	/* no_hooks: nothing runs, build_data still has every field */
	if (fx_init(&f, "build_hooks: [phases]\n", PKG, "local", &err) == 0) {
		f.o.no_hooks = 1;
		hk = hk_build_new(&f.o, &err);
		reqs = rt_value_list();
		CHECK(hk && hk_build_dependencies(hk, reqs, &err) == 0 && rt_list_len(reqs) == 0);
		CHECK(hk && hk_build_initialize(hk, &f.v, f.data, &err) == 0);
		CHECK_DESC(f.data, "{artifacts: [], build_args: [], force_include: {}, env: {}, "
			   "build_hooks: []}");
		rt_value_free(reqs);
		hk_build_free(hk);
	}
	fx_release(&f);
	rt_error_release(&err);
}

static void test_shipped(void)
{
	char *desc, *msg, *p, *t;
	p = pathf("%s/build_hook.lua", src);
	write_file(p, "local M = { name = 'mine' }\n"
		      "function M.initialize(self, variant, data)\n"
		      "  assert(fs.write(variant.build_path .. '/gen.txt', 'generated ' .. self.config.path))\n"
		      "  table.insert(data.artifacts, 'gen.txt')\n"
		      "end\n"
		      "return M\n");
	free(p);
	msg = run_init("", PKG "build_hooks = { 'custom', { name = 'version_file', path = 'etc/VER',\n"
		       "  template = '{name} {version} {variant}\\n' } }\n", "local", &desc);
	CHECK_STR(msg, NULL);
	CHECK(desc && strstr(desc, "artifacts: ['gen.txt', 'etc/VER']"));
	p = pathf("%s/gen.txt", vbuild);
	t = read_text(p);
	CHECK_STR(t, "generated build_hook.lua");
	free(t);
	free(p);
	p = pathf("%s/etc/VER", vbuild);
	t = read_text(p);
	CHECK_STR(t, "foo 1.2.3 0\n");
	free(t);
	free(p);
	free(msg);
	free(desc);

	/* custom with another file, and without one */
	msg = run_init("", PKG "build_hooks = { custom = { path = 'hooks/none.lua' } }\n", "local",
		       &desc);
	p = pathf("hooks/build/custom.lua:11: build hook 'custom' (load): fs.load_hook: cannot "
		  "read '%s/hooks/none.lua': No such file or directory", src);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	free(desc);
}

static void test_fs_proc(void)
{
	char *desc, *msg, *p;
	hook("tools",
	     "return { name = 'tools', initialize = function(self, v, d)\n"
	     "  assert(fs.mkdir(v.build_path .. '/sub/dir'))\n"
	     "  assert(fs.write(v.build_path .. '/sub/dir/f.txt', 'hello'))\n"
	     "  assert(fs.copy(v.build_path .. '/sub', v.build_path .. '/copy'))\n"
	     "  d.env.READ = fs.read(v.build_path .. '/copy/dir/f.txt')\n"
	     "  local missing, why = fs.read('nope.txt')\n"
	     "  d.env.MISSING = tostring(missing) .. (why:find('No such file') and ' ok' or why)\n"
	     "  local g = fs.glob(v.build_path .. '/*/dir/*.txt')\n"
	     "  d.env.GLOB = tostring(#g) .. ' ' .. g[1]:sub(#v.build_path + 2)\n"
	     "  d.env.EXISTS = tostring(fs.exists('package.lua'))\n"
	     "  local code, out, err = proc.run({ 'sh', '-c', 'pwd; echo $HOOKVAR; echo e >&2; exit 3' },\n"
	     "    { cwd = v.build_path, env = { HOOKVAR = 'hv' } })\n"
	     "  d.env.RUN = code .. '|' .. out:gsub(v.build_path:gsub('%p', '%%%0'), 'B'):gsub('\\n', ' ') .. '|' .. err\n"
	     "  local c2, o2 = proc.run({ 'printf', '%s', 'a b;c' })\n"
	     "  d.env.PRINTF = c2 .. ' ' .. o2\n"
	     "end }\n");
	msg = run_init("build_hooks: [tools]\n", PKG, "local", &desc);
	CHECK_STR(msg, NULL);
	CHECKF(desc && strstr(desc, "READ: 'hello'") && strstr(desc, "MISSING: 'nil ok'") &&
	       strstr(desc, "GLOB: '2 copy/dir/f.txt'") && strstr(desc, "EXISTS: 'true'") &&
	       strstr(desc, "RUN: '3|B hv |e\\n'") && strstr(desc, "PRINTF: '0 a b;c'"),
	       "%s", desc ? desc : msg);
	free(msg);
	free(desc);

	/* confinement: reading, writing, copying, globbing and running outside the trees */
	hook("escape", "return { name = 'escape', initialize = function(self, v, d)\n"
		       "  fs.read(ESCAPE)\n"
		       "end }\n");
	{
		static const char *const cases[] = {
			"ESCAPE = '/etc/passwd'\n", "fs.read: path '/etc/passwd'",
			"ESCAPE = '../../etc/passwd'\n", "fs.read: path '../../etc/passwd'",
			"ESCAPE = 'link/secret.txt'\n", "fs.read: path 'link/secret.txt'",
			NULL
		};
		for (size_t i = 0; cases[i]; i += 2) {
			char *text = pathf("%sreturn { name = 'escape', initialize = function(self, v, d)\n"
					   "  fs.read(ESCAPE)\nend }\n", cases[i]);
			hook("escape", text);
			free(text);
			msg = run_init("build_hooks: [escape]\n", PKG, "local", NULL);
			p = pathf("%s/escape.lua:3: build hook 'escape' (initialize): %s is outside "
				  "the source, build and install trees", hookdir, cases[i + 1]);
			CHECK_STR(msg, p);
			free(p);
			free(msg);
		}
	}
	{
		static const char *const calls[] = {
			"fs.write('/tmp/x-hook', 'x')", "fs.write: path '/tmp/x-hook'",
			"fs.copy('package.lua', OUT)", "fs.copy: path '",
			"fs.mkdir(OUT .. '/d')", "fs.mkdir: path '",
			"fs.glob(OUT .. '/*')", "fs.glob: pattern '",
			"proc.run({'true'}, {cwd = OUT})", "proc.run: path '",
			"fs.load_hook(OUT .. '/m.lua')", "fs.load_hook: path '",
			"io.open('/etc/passwd')", "attempt to index a nil value (global 'io')",
			"os.execute('true')", "attempt to call a nil value (field 'execute')",
			NULL
		};
		for (size_t i = 0; calls[i]; i += 2) {
			char *text = pathf("OUT = '%s'\nreturn { name = 'escape', initialize = "
					   "function(self, v, d)\n  %s\nend }\n", outside, calls[i]);
			hook("escape", text);
			free(text);
			msg = run_init("build_hooks: [escape]\n", PKG, "local", NULL);
			p = pathf("%s/escape.lua:3: build hook 'escape' (initialize): ", hookdir);
			CHECKF(msg && rt_starts_with(msg, p) && strstr(msg, calls[i + 1]), "%s: %s",
			       calls[i], msg);
			free(p);
			free(msg);
		}
	}
	p = pathf("%s/secret.txt", outside);
	CHECK(access(p, F_OK) == 0);
	free(p);
	CHECK(access("/tmp/x-hook", F_OK) != 0);
}

static void test_errors(void)
{
	char *msg, *p;
	/* a Lua error, at its line */
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  local x = nil\n"
		    "  return x.field\n"
		    "end }\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:3: build hook 'bad' (initialize): attempt to index a nil "
			  "value (local 'x')", hookdir);
	/* writing build_data.build_hooks, both ways */
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  d.build_hooks = {}\n"
		    "end }\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): build_data.build_hooks is "
			  "read-only", hookdir);
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  table.insert(d.build_hooks, 'x')\n"
		    "end }\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): build_data.build_hooks is "
			  "read-only", hookdir);
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  self.root = '/'\n"
		    "end }\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): self is read-only", hookdir);
	/* bad build_data values, at the phase function's line */
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.initialize(self, v, d)\n"
		    "  d.force_include['gen/none.txt'] = 'x.txt'\n"
		    "end\n"
		    "return h\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): force_include source "
			  "'gen/none.txt' does not exist", hookdir);
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.initialize(self, v, d)\n"
		    "  table.insert(d.artifacts, '../outside/*')\n"
		    "end\n"
		    "return h\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): artifacts pattern "
			  "'../outside/*' escapes the build path", hookdir);
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.initialize(self, v, d)\n"
		    "  table.insert(d.artifacts, '/abs/*')\n"
		    "end\n"
		    "return h\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): artifacts pattern "
			  "'/abs/*' escapes the build path", hookdir);
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.initialize(self, v, d)\n"
		    "  d.build_args = 'x'\n"
		    "end\n"
		    "return h\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): build_data.build_args must "
			  "be a list (got string)", hookdir);
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.initialize(self, v, d)\n"
		    "  d.env.X = function() end\n"
		    "end\n"
		    "return h\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): build_data cannot hold a "
			  "value of type function", hookdir);
	/* a bad return value of dependencies() */
	hook("bad", "local h = { name = 'bad' }\n"
		    "function h.dependencies(self)\n"
		    "  return 'cmake'\n"
		    "end\n"
		    "return h\n");
	{
		struct fx f;
		struct rt_error err = RT_ERROR_INIT;
		struct hk_build *hk;
		struct rt_value *reqs = rt_value_list();
		if (fx_init(&f, "build_hooks: [bad]\n", PKG, "local", &err) == 0 &&
		    (hk = hk_build_new(&f.o, &err))) {
			CHECK(hk_build_dependencies(hk, reqs, &err) < 0);
			p = pathf("%s/bad.lua:2: build hook 'bad' (dependencies): dependencies() must "
				  "return a list of requirement strings (got string)", hookdir);
			CHECK_STR(err.msg, p);
			free(p);
			hk_build_free(hk);
		}
		rt_value_free(reqs);
		fx_release(&f);
		rt_error_release(&err);
	}
	/* an unknown hook, from the config and from the package */
	msg = run_init("build_hooks: [nosuch]\n", PKG, "local", NULL);
	p = pathf("setting 'build_hooks': build hook 'nosuch' (load): unknown build hook (no "
		  "nosuch.lua in build_hook_path [%s]; shipped hooks: custom, version_file)", hookdir);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	msg = run_init("", PKG "build_hooks = {'nosuch'}\n", "local", NULL);
	p = pathf("%s/package.lua:4: build hook 'nosuch' (load): unknown build hook", src);
	CHECKF(msg && rt_starts_with(msg, p), "%s", msg);
	free(p);
	free(msg);
	/* a module that does not return a table */
	hook("bad", "local h = {}\n"
		    "h.x = 1\n");
	expect_init_error("build_hooks: [bad]\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (load): a build hook module must return "
			  "a table (got nil)", hookdir);
	/* a syntax error */
	hook("bad", "return {\n  name = \n");
	msg = run_init("build_hooks: [bad]\n", PKG, "local", NULL);
	p = pathf("%s/bad.lua:3: build hook 'bad' (load): ", hookdir);
	CHECKF(msg && rt_starts_with(msg, p), "%s", msg);
	free(p);
	free(msg);
	/* a runaway hook stops at the instruction budget */
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  while true do end\n"
		    "end }\n");
	expect_init_error("build_hooks: [bad]\nsandbox_max_instructions: 100000\n", PKG,
			  "%s/bad.lua:2: build hook 'bad' (initialize): instruction limit exceeded",
			  hookdir);
	/* and at the memory budget */
	hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
		    "  local t = {}\n"
		    "  for i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end\n"
		    "end }\n");
	msg = run_init("build_hooks: [bad]\nsandbox_max_memory: 4000000\n", PKG, "local", NULL);
	p = pathf("%s/bad.lua:3: build hook 'bad' (initialize): memory limit exceeded", hookdir);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	/* bad package attribute */
	msg = run_init("", PKG "build_hooks = 3\n", "local", NULL);
	p = pathf("%s/package.lua:4: attribute 'build_hooks' must be a list of hook names or a "
		  "table of hook settings (got integer)", src);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	msg = run_init("", PKG "build_hooks = { targets = { staging = {} } }\n", "local", NULL);
	p = pathf("%s/package.lua:4: unknown build target 'staging' in build_hooks.targets (local "
		  "or central)", src);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	msg = run_init("", PKG "build_hooks = { '../x' }\n", "local", NULL);
	p = pathf("%s/package.lua:4: invalid build hook name '../x' (letters, digits, '_' and '-' "
		  "only)", src);
	CHECK_STR(msg, p);
	free(p);
	free(msg);
	/* the build_data given back is unchanged on failure */
	{
		struct fx f;
		struct rt_error err = RT_ERROR_INIT;
		struct hk_build *hk;
		hook("bad", "return { name = 'bad', initialize = function(self, v, d)\n"
			    "  table.insert(d.artifacts, 'x'); error('stop')\n"
			    "end }\n");
		if (fx_init(&f, "build_hooks: [bad]\n", PKG, "local", &err) == 0 &&
		    (hk = hk_build_new(&f.o, &err))) {
			CHECK(hk_build_initialize(hk, &f.v, f.data, &err) < 0);
			CHECK_DESC(f.data, "{}");
			hk_build_free(hk);
		}
		fx_release(&f);
		rt_error_release(&err);
	}
}

static void test_switches(void)
{
	struct rt_error err = RT_ERROR_INIT;
	int only = 0, none = 0;
	setenv("REZ_BUILD_HOOKS_ONLY", "1", 1);
	setenv("REZ_BUILD_NO_HOOKS", "false", 1);
	CHECK(hk_build_env_switches(&only, &none, &err) == 0 && only == 1 && none == 0);
	setenv("REZ_BUILD_NO_HOOKS", "sometimes", 1);
	CHECK(hk_build_env_switches(&only, &none, &err) < 0);
	CHECK_STR(err.msg, "environment variable REZ_BUILD_NO_HOOKS must be true or false (got "
		  "'sometimes')");
	unsetenv("REZ_BUILD_HOOKS_ONLY");
	unsetenv("REZ_BUILD_NO_HOOKS");
	rt_error_release(&err);
}

int main(void)
{
	char *p;
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	src = pathf("%s/src", root);
	bdir = pathf("%s/src/build", root);
	vbuild = pathf("%s/src/build/python-3", root);
	vinst = pathf("%s/install/foo/1.2.3/python-3", root);
	hookdir = pathf("%s/hooks", root);
	outside = pathf("%s/outside", root);
	mkdir(src, 0777);
	mkdir(bdir, 0777);
	mkdir(vbuild, 0777);
	mkdir(hookdir, 0777);
	mkdir(outside, 0777);
	p = pathf("%s/gen", src);
	mkdir(p, 0777);
	free(p);
	p = pathf("%s/gen/x.txt", src);
	write_file(p, "x\n");
	free(p);
	p = pathf("%s/secret.txt", outside);
	write_file(p, "secret\n");
	free(p);
	p = pathf("%s/link", src);
	if (symlink(outside, p) < 0)
		perror("symlink");
	free(p);
	p = pathf("%s/install/foo/1.2.3", root);
	{
		char *cmd = pathf("mkdir -p '%s'", vinst);
		if (system(cmd) != 0)
			return 1;
		free(cmd);
	}
	free(p);

	test_order_and_data();
	test_settings();
	test_enable();
	test_phases();
	test_shipped();
	test_fs_proc();
	test_errors();
	test_switches();

	{
		char *cmd = pathf("rm -rf '%s'", root);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", root);
		free(cmd);
	}
	free(src);
	free(bdir);
	free(vbuild);
	free(vinst);
	free(hookdir);
	free(outside);
	return tap_done();
}
