/* Unit tests for the definitions' shared sandboxed state (interp/interp.c, li_state_recycle):
 * definitions evaluated one after another through the package loader see the same clean
 * state whatever the ones before did; a definition that fails (an error, the instruction or
 * memory budget) does not harm the next; math.random is not left seeded. */
#include "runtime/common.h"
#include "interp/interp.h"
#include "interp/load.h"
#include "runtime/repo.h"
#include "runtime/value.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/rez-defstate-XXXXXX";

static char *write_def(const char *name, const char *text)
{
	char *path = rt_xstrfmt("%s/%s.lua", dir, name);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
	return path;
}

/* The `seen` attribute of a definition that records what it sees, then attacks. */
static const char probe[] =
	"name = 'p'\nversion = '1.0'\n"
	"seen = table.concat({ tostring(rawget(_G, 'leak')), tostring(rawget(string, 'x')),\n"
	"  type(string.upper), tostring(math.pi), tostring(pcall(function() return mine end)) }, ',')\n"
	"for _, f in ipairs({ function() string.upper = nil end, function() rawset(string, 'x', 1) end,\n"
	"  function() _G.leak = 1 end, function() rawset(_G, 'leak', 1) end }) do pcall(f) end\n"
	"mine = 1\n"
	"math.randomseed(7)\n";

static char *load_str(struct rt_pkg_loader *l, const char *path, const char *attr,
		      struct rt_error *err)
{
	struct rt_value *v = l->load(l->ud, path, err);
	const struct rt_value *a;
	char *s;
	if (!v)
		return NULL;
	a = rt_map_get(v, attr);
	s = a && rt_value_as_str(a) ? rt_xstrdup(rt_value_as_str(a)) : NULL;
	rt_value_free(v);
	return s;
}

/* `bad` fails with a message containing `want`; then `good` still sees `clean`. */
static void fails_then_clean(struct rt_pkg_loader *l, const char *bad, const char *want,
			     const char *good, const char *clean)
{
	struct rt_error err = RT_ERROR_INIT;
	char *s = load_str(l, bad, "seen", &err);
	CHECKF(!s, "%s fails", bad);
	CHECKF(strstr(rt_error_msg(&err), want) != NULL, "%s", rt_error_msg(&err));
	rt_error_release(&err);
	free(s);
	s = load_str(l, good, "seen", &err);
	CHECK_STR(s, clean);
	free(s);
	rt_error_release(&err);
}

int main(void)
{
	struct li_load_opts opts = LI_LOAD_OPTS_DEFAULT;
	struct rt_pkg_loader l;
	struct rt_error err = RT_ERROR_INIT;
	char *good, *loop, *bomb, *bad, *rnd, *seeded, *first, *s;
	const char *clean = "nil,nil,function,3.1415926535898,false";

	if (!mkdtemp(dir))
		abort();
	opts.limits.max_instructions = 2000000;
	opts.limits.max_memory = (size_t)16 << 20;
	l = li_package_loader(&opts);
	good = write_def("good", probe);
	loop = write_def("loop", "name = 'p'\nversion = '1.0'\nstring.upper('x')\nwhile true do end\n");
	bomb = write_def("bomb", "name = 'p'\nversion = '1.0'\nlocal t = {}\n"
			 "for i = 1, 1e9 do t[i] = ('x'):rep(1000) .. i end\n");
	bad = write_def("bad", "name = 'p'\nversion = '1.0'\nerror('broken')\n");
	rnd = write_def("rnd", "name = 'p'\nversion = '1.0'\nr = tostring(math.random(1000000000))\n");
	seeded = write_def("seeded", "name = 'p'\nversion = '1.0'\nmath.randomseed(7)\n"
			   "r = tostring(math.random(1000000000))\n");

	first = load_str(&l, good, "seen", &err);
	CHECK_STR(first, clean);
	s = load_str(&l, good, "seen", &err);
	CHECK_STR(s, clean);   /* the same state, after the first one's attack */
	free(s);

	/* Each failure is reported, and the next definition still sees a clean state. */
	fails_then_clean(&l, loop, "instruction limit exceeded", good, clean);
	fails_then_clean(&l, bomb, "memory limit exceeded", good, clean);
	fails_then_clean(&l, bad, "broken", good, clean);

	/* After a definition seeded math.random, the next one's numbers are not that seed's. */
	{
		char *want = load_str(&l, seeded, "r", &err);
		char *got;
		s = load_str(&l, good, "seen", &err);   /* seeds with 7 and leaves it */
		free(s);
		got = load_str(&l, rnd, "r", &err);
		CHECK(want && got);
		CHECKF(want && got && !rt_streq(want, got), "%s after a seeded definition", got);
		free(want);
		free(got);
	}

	free(first);
	for (char **p = (char *[]){ good, loop, bomb, bad, rnd, seeded, NULL }; *p; p++) {
		unlink(*p);
		free(*p);
	}
	rmdir(dir);
	return tap_done();
}
