/* interp.c - the interp layer's entry points for cli/ (see interp.h). */
#include "runtime/common.h"
#include "interp/interp.h"
#include "interp/bind.h"
#include "interp/include.h"
#include "interp/late.h"
#include "runtime/buf.h"
#include "runtime/repo.h"
#include "runtime/package.h"
#include "runtime/value.h"
#include "runtime/version.h"

static struct li_load_opts default_opts = LI_LOAD_OPTS_DEFAULT;
static struct rt_value *include_path;   /* package_definition_lua_path, or NULL */

/* Definitions are evaluated one after another in one sandboxed state, as the packages'
 * commands are: building and freezing a state costs ~550,000 instructions, several times a
 * definition's own evaluation. No package can change what the next one sees: every library
 * table is read-only, each definition has its own environment, and li_state_recycle clears
 * the rest. A definition that fails takes the state with it (a budget may have been hit
 * half-way through something), and the next one gets a new state. */
static lua_State *pooled;
static struct li_limits pooled_limits;

static void close_pooled(void)
{
	if (pooled)
		li_state_close(pooled);
	pooled = NULL;
}

static struct rt_value *load_package(void *ud, const char *path, struct rt_error *err)
{
	struct li_load_opts o = *(const struct li_load_opts *)ud;
	struct rt_value *v;
	static int registered;

	/* A trusted state has io and the whole os library: state no recycling can clear. */
	if (o.limits.trusted)
		return li_load_definition(path, &o, err);
	if (pooled && (pooled_limits.max_instructions != o.limits.max_instructions ||
		       pooled_limits.max_memory != o.limits.max_memory ||
		       pooled_limits.trusted != o.limits.trusted))
		close_pooled();
	if (!pooled) {
		pooled = li_state_new(&o.limits, err);
		if (!pooled)
			return NULL;
		pooled_limits = o.limits;
		if (!registered++)
			atexit(close_pooled);
	}
	o.L = pooled;
	v = li_load_definition(path, &o, err);
	if (!v || li_state_recycle(pooled) < 0)
		close_pooled();
	return v;
}

struct late_attrs {
	const struct rt_package *pkg;
	struct rt_value *requires;   /* the evaluated late requires, or NULL */
};

/* `this.requires` in late code reads the evaluated list, as Rez's wrapper does. */
static const struct rt_value *late_get_attr(void *ud, const char *attr, struct rt_error *err)
{
	const struct late_attrs *la = ud;
	(void)err;
	if (la->requires && rt_streq(attr, "requires"))
		return la->requires;
	return rt_package_get(la->pkg, attr);
}

/* A late request list as Rez's solver reads it, outside a context: `this` is the package
 * (variant RT_LATE_PACKAGE: Rez's `requires`) or one variant (Rez's `build_requires` when
 * building). A state of its own, like a definition's. */
int li_late_list(const struct li_load_opts *opts, const struct rt_package *pkg,
		 const char *attr, int variant, const char *root, struct rt_value **out,
		 struct rt_error *err)
{
	const struct rt_value *fn = rt_package_get(pkg, attr);
	struct li_pkg lp = { 0 };
	struct li_late_bindings b = { &lp, NULL };
	struct late_attrs la = { pkg, NULL };
	struct rt_buf sb = RT_BUF_INIT;
	lua_State *L;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &default_opts;
	if (!fn || fn->type != RT_FUNC)
		return rt_error(err, "%s: '%s' is not a @late function", pkg->file, attr);
	L = li_state_new(&opts->limits, err);
	if (!L)
		return -1;
	if (include_path && li_include_set_path(L, include_path, err) < 0) {
		li_state_close(L);
		return -1;
	}
	if (pkg->late_requires && pkg->late_evaluated) {
		la.requires = rt_value_list();
		for (size_t i = 0; i < pkg->requires.len; i++) {
			rt_buf_reset(&sb);
			rt_request_format(pkg->requires.items[i], &sb);
			rt_list_push(la.requires, rt_value_str(sb.buf));
		}
	}
	lp.name = pkg->name;
	lp.version = rt_version_str(pkg->version);
	lp.ver = pkg->version;
	lp.base = pkg->base;
	lp.uri = pkg->file;
	lp.variant_index = variant >= 0 ? variant : -1;
	lp.root = variant == RT_LATE_PACKAGE ? NULL : root;
	lp.rootless_variant = variant != RT_LATE_PACKAGE && !root;
	lp.data = pkg->data;
	lp.get_attr = late_get_attr;
	lp.ud = &la;
	rc = li_late_eval(L, fn->u.fn, &b, out, err);
	li_state_close(L);
	rt_value_free(la.requires);
	rt_buf_release(&sb);
	return rc;
}

static int eval_late(void *ud, const struct rt_package *pkg, const char *attr, int variant,
		     const char *root, struct rt_value **out, struct rt_error *err)
{
	return li_late_list(ud, pkg, attr, variant, root, out, err);
}

void li_package_loader_include_path(const struct rt_value *dirs)
{
	rt_value_free(include_path);
	include_path = dirs ? rt_value_copy(dirs) : NULL;
}

struct rt_pkg_loader li_package_loader(const struct li_load_opts *opts)
{
	struct rt_pkg_loader l;
	/* The options live in static storage: loaders are made once per process by the cli. */
	if (opts)
		default_opts = *opts;
	l.load = load_package;
	l.late = eval_late;
	l.ud = &default_opts;
	return l;
}

int li_config_lua_loader(void *ud, const char *path, struct rt_value **out,
			 struct rt_error *err)
{
	*out = li_load_definition(path, NULL, err);
	return *out ? 0 : -1;
}
