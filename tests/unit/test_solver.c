/* Unit tests for the solver: every case of tests/solver/cases.txt (Rez's test_solver.py
 * plus our own, expected outcomes taken from Rez 3.4) run against an in-memory copy of
 * tests/solver/packages, optimised, unoptimised and with the request permuted; then the
 * hooks (filter, limits, building), laziness and error paths. */
#include "runtime/common.h"
#include "runtime/solver.h"
#include "runtime/buf.h"
#include "runtime/version.h"
#include "tap.h"

#include <stdio.h>

/* ---- the repository: tests/solver/packages as a table ---- */

struct tpkg {
	const char *name, *version;       /* "" = unversioned */
	const char *requires[6];          /* NULL-terminated */
	const char *build_requires[4];
	int nvariants;                    /* 0: no variants */
	const char *variants[4][4];
};

static const struct tpkg repo[] = {
	{ "bahish", "1", { "!pybah-4", NULL }, { NULL }, 0, { { NULL } } },
	{ "bahish", "2", { "pybah-5", NULL }, { NULL }, 0, { { NULL } } },
	{ "missing_variant_requires", "1", { NULL }, { NULL }, 2, { { "noexist", NULL }, { "nada", NULL } } },
	{ "nada", "", { NULL }, { NULL }, 0, { { NULL } } },
	{ "nopy", "2.1", { "!python-2.5", NULL }, { NULL }, 0, { { NULL } } },
	{ "pybah", "4", { "python-2.6", ".eek-1", NULL }, { NULL }, 0, { { NULL } } },
	{ "pybah", "5", { "python-2.5", NULL }, { NULL }, 0, { { NULL } } },
	{ "pydad", "1", { "pyson-1", NULL }, { NULL }, 0, { { NULL } } },
	{ "pydad", "2", { "pyson-2", NULL }, { NULL }, 0, { { NULL } } },
	{ "pydad", "3", { "pymum-3", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyfoo", "3.0.0", { "python-2.5", ".eek-3+", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyfoo", "3.1.0", { "python-2.6", NULL }, { NULL }, 0, { { NULL } } },
	{ "pymum", "1", { "pydad-1", NULL }, { NULL }, 0, { { NULL } } },
	{ "pymum", "2", { "pydad-2", NULL }, { NULL }, 0, { { NULL } } },
	{ "pymum", "3", { "pydad-3", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyodd", "1", { "pyfoo", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyodd", "2", { "pybah", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyson", "1", { "pymum-1", NULL }, { NULL }, 0, { { NULL } } },
	{ "pyson", "2", { "pymum-3", NULL }, { NULL }, 0, { { NULL } } },
	{ "pysplit", "5", { NULL }, { NULL }, 0, { { NULL } } },
	{ "pysplit", "6", { "python-2.6", NULL }, { NULL }, 0, { { NULL } } },
	{ "pysplit", "7", { "python-2.7", NULL }, { NULL }, 0, { { NULL } } },
	{ "python", "2.5.2", { NULL }, { NULL }, 0, { { NULL } } },
	{ "python", "2.6.0", { NULL }, { NULL }, 0, { { NULL } } },
	{ "python", "2.6.8", { NULL }, { NULL }, 0, { { NULL } } },
	{ "python", "2.7.0", { NULL }, { NULL }, 0, { { NULL } } },
	{ "pyvariants", "2", { NULL }, { NULL }, 4, { { "python-2.7.0", NULL }, { "python-2.6.8", "nada", NULL }, { "python-2.6.8", NULL }, { "nada", NULL } } },
	{ "test_variant_split_end", "1.0", { NULL }, { NULL }, 2, { { "!test_variant_split_mid2", NULL }, { "!test_variant_split_start-2", NULL } } },
	{ "test_variant_split_end", "2.0", { NULL }, { NULL }, 2, { { "!test_variant_split_start", NULL }, { "!test_variant_split_mid1", NULL } } },
	{ "test_variant_split_end", "3.0", { NULL }, { NULL }, 2, { { "!test_variant_split_start", NULL }, { "!test_variant_split_mid2", NULL } } },
	{ "test_variant_split_end", "4.0", { NULL }, { NULL }, 2, { { "!test_variant_split_start", NULL }, { "!test_variant_split_mid1", NULL } } },
	{ "test_variant_split_mid1", "1.0", { NULL }, { NULL }, 2, { { "test_variant_split_end-2", NULL }, { "test_variant_split_end-1", NULL } } },
	{ "test_variant_split_mid1", "2.0", { NULL }, { NULL }, 2, { { "test_variant_split_end-2", NULL }, { "test_variant_split_end-4", NULL } } },
	{ "test_variant_split_mid2", "1.0", { NULL }, { NULL }, 2, { { "test_variant_split_end-3", NULL }, { "test_variant_split_end-1", NULL } } },
	{ "test_variant_split_mid2", "2.0", { NULL }, { NULL }, 2, { { "test_variant_split_end-1", NULL }, { "test_variant_split_end-3", NULL } } },
	{ "test_variant_split_start", "1.0", { NULL }, { NULL }, 2, { { "test_variant_split_mid1-1", NULL }, { "test_variant_split_mid2-2", NULL } } },
	{ "test_variant_split_start", "2.0", { NULL }, { NULL }, 2, { { "test_variant_split_mid1-2", NULL }, { "test_variant_split_mid2-2", NULL } } },
	{ "test_weakly_reference_requires", "2.0", { "~test_variant_split_mid1", "~test_variant_split_mid2", NULL }, { NULL }, 0, { { NULL } } },
	{ "test_weakly_reference_variant", "2.0", { "~pyfoo", NULL }, { NULL }, 1, { { "test_variant_split_mid1", "~test_variant_split_mid2-1..3", NULL } } },
	{ "maya", "2024", { NULL }, { NULL }, 0, { { NULL } } },
	{ "maya_anim_tool", "1.0", { "maya", NULL }, { NULL }, 0, { { NULL } } },
	{ "PyYAML", "6.0", { "python", NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_a", "1", { "ord_z", NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_b", "1", { "ord_y", NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_c", "1", { NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_z", "1", { "ord_y", NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_y", "1", { NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_w", "1", { NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_x", "1", { NULL }, { NULL }, 0, { { NULL } } },
	{ "ord_wx", "1", { "ord_x", "ord_w", NULL }, { NULL }, 0, { { NULL } } },
	{ "bld", "1", { "python", NULL }, { "pybah-5", NULL }, 0, { { NULL } } },
	{ "merged", "1", { "python", NULL }, { NULL }, 2, { { "python-2.6", NULL }, { "python-2.5", NULL } } },
	{ "selfconflict", "1", { "python-2.5", "python-2.6", NULL }, { NULL }, 0, { { NULL } } },
	{ "needsnone", "1", { "python-9", NULL }, { NULL }, 0, { { NULL } } },
};

static size_t count(const char *const *l)
{
	size_t n = 0;
	while (l[n])
		n++;
	return n;
}

/* An in-memory source; counts what it is asked for and can be told to fail. */
struct memsrc {
	size_t families_listed, packages_loaded;
	char listed[64][64];
	const char *fail_family;          /* list_family fails for it */
	const char *bad_version_family;   /* adds an invalid version for it */
	const char *bad_requires_family;  /* loads an invalid requirement for it */
};

static int mem_list(void *ctx, const char *family, struct rt_solver_sink *sink,
		    struct rt_error *err)
{
	struct memsrc *m = ctx;
	size_t i;
	if (m->families_listed < 64)
		snprintf(m->listed[m->families_listed], sizeof(m->listed[0]), "%s", family);
	m->families_listed++;
	if (m->fail_family && rt_streq(family, m->fail_family))
		return rt_error(err, "cannot read family '%s'", family);
	if (m->bad_version_family && rt_streq(family, m->bad_version_family))
		return rt_solver_add_package(sink, "1..2", NULL, err);
	for (i = 0; i < RT_ARRAY_LEN(repo); i++)
		if (rt_streq(repo[i].name, family) &&
		    rt_solver_add_package(sink, repo[i].version, (void *)&repo[i], err) < 0)
			return -1;
	return 0;
}

static int mem_load(void *ctx, const char *family, void *pkg, struct rt_solver_sink *sink,
		    struct rt_error *err)
{
	struct memsrc *m = ctx;
	const struct tpkg *p = pkg;
	int i;
	m->packages_loaded++;
	if (m->bad_requires_family && rt_streq(family, m->bad_requires_family)) {
		const char *bad[] = { "python-2.6", "py thon" };
		rt_solver_set_requires(sink, bad, 2);
		return 0;
	}
	rt_solver_set_requires(sink, p->requires, count(p->requires));
	rt_solver_set_build_requires(sink, p->build_requires, count(p->build_requires));
	for (i = 0; i < p->nvariants; i++)
		rt_solver_add_variant(sink, i, p->variants[i], count(p->variants[i]));
	return 0;
}

static void source_init(struct rt_solver_source *src, struct memsrc *m)
{
	memset(m, 0, sizeof(*m));
	src->ctx = m;
	src->list_family = mem_list;
	src->load_package = mem_load;
	src->searched = NULL;
}

/* The resolve as cases.txt writes it: variants in order, then ephemerals; "-" if empty. */
static void resolve_str(const struct rt_solver_result *res, struct rt_buf *out)
{
	size_t i;
	rt_buf_reset(out);
	for (i = 0; i < res->nvariants; i++) {
		if (out->len)
			rt_buf_addch(out, ' ');
		rt_solver_variant_format(&res->variants[i], out);
	}
	for (i = 0; i < res->nephemerals; i++)
		rt_buf_addf(out, "%s%s", out->len ? " " : "", res->ephemerals[i]);
	if (!out->len)
		rt_buf_adds(out, "-");
}

/* Runs one solve; returns "solved"/"failed"/"cyclic"/"aborted"/"error" and the detail. */
static const char *run(const char *const *reqs, size_t n, const struct rt_solver_options *opt,
		       struct rt_buf *detail, struct rt_solver_stats *stats)
{
	struct rt_solver_source src;
	struct memsrc m;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *oc;

	source_init(&src, &m);
	rt_buf_reset(detail);
	if (rt_solve(&src, reqs, n, opt, &res, &err) < 0) {
		rt_buf_adds(detail, rt_error_msg(&err));
		oc = "error";
	} else if (res.status == RT_SOLVER_SOLVED) {
		resolve_str(&res, detail);
		oc = "solved";
	} else {
		rt_buf_adds(detail, res.failure ? res.failure : "(null)");
		oc = res.status == RT_SOLVER_ABORTED ? "aborted" : res.cyclic ? "cyclic" : "failed";
	}
	if (stats)
		*stats = res.stats;
	rt_solver_result_release(&res);
	rt_error_release(&err);
	return oc;
}

/* ---- cases.txt ---- */

static int next_permutation(size_t *a, size_t n)
{
	size_t i, j;
	if (n < 2)
		return 0;
	for (i = n - 1; i > 0 && a[i - 1] >= a[i]; i--)
		;
	if (!i)
		return 0;
	for (j = n - 1; a[j] <= a[i - 1]; j--)
		;
	size_t t = a[i - 1];
	a[i - 1] = a[j];
	a[j] = t;
	for (j = n - 1; i < j; i++, j--) {
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	return 1;
}

static size_t split(char *s, const char *sep, char **out, size_t max)
{
	size_t n = 0, len = strlen(sep);
	char *p;
	while (n + 1 < max && (p = strstr(s, sep))) {
		*p = '\0';
		out[n++] = s;
		s = p + len;
	}
	out[n++] = s;
	return n;
}

static void run_case(int lineno, char *line)
{
	char *f[8], *reqv[16];
	const char *reqs[16], *permuted[16];
	size_t nf, nreq = 0, i, idx[16];
	struct rt_solver_options opt = RT_SOLVER_OPTIONS_INIT;
	struct rt_buf detail = RT_BUF_INIT, detail2 = RT_BUF_INIT, stat = RT_BUF_INIT;
	struct rt_solver_stats st;
	const char *oc, *oc2;
	char *o, *opts[8];
	size_t nopts;

	nf = split(line, " | ", f, 8);
	if (nf != 5) {
		CHECKF(0, "cases.txt:%d: %zu fields, want 5", lineno, nf);
		return;
	}
	nopts = rt_streq(f[0], "-") ? 0 : split(f[0], ",", opts, 8);
	for (i = 0; i < nopts; i++) {
		o = opts[i];
		if (rt_streq(o, "building"))
			opt.building = 1;
		else if (rt_streq(o, "intersection_priority"))
			opt.variant_select_mode = RT_VARIANT_SELECT_INTERSECTION_PRIORITY;
		else if (rt_streq(o, "version_priority"))
			opt.variant_select_mode = RT_VARIANT_SELECT_VERSION_PRIORITY;
		else if (rt_streq(o, "missing_ok"))
			opt.error_on_missing_variant_requires = 0;
		else
			CHECKF(0, "cases.txt:%d: unknown option '%s'", lineno, o);
	}
	if (!rt_streq(f[1], "-"))
		nreq = split(f[1], " ", reqv, 16);
	for (i = 0; i < nreq; i++)
		reqs[i] = reqv[i];

	oc = run(reqs, nreq, &opt, &detail, &st);
	CHECKF(rt_streq(oc, f[2]), "cases.txt:%d: [%s] outcome %s, want %s (%s)", lineno, f[1], oc,
	       f[2], detail.buf);
	if (rt_streq(f[2], "error"))
		CHECKF(rt_starts_with(detail.buf, f[3]), "cases.txt:%d: [%s] error '%s', want '%s'",
		       lineno, f[1], detail.buf, f[3]);
	else
		CHECKF(rt_streq(detail.buf, f[3]), "cases.txt:%d: [%s]\n   got  %s\n   want %s",
		       lineno, f[1], detail.buf, f[3]);
	if (!rt_streq(f[4], "-")) {
		rt_buf_addf(&stat, "%zu/%zu", st.num_solves, st.num_fails);
		CHECKF(rt_streq(stat.buf, f[4]), "cases.txt:%d: [%s] solves/fails %s, want %s",
		       lineno, f[1], stat.buf, f[4]);
	}

	/* Rez's tests: the unoptimised solver finds the same thing */
	opt.optimised = 0;
	oc2 = run(reqs, nreq, &opt, &detail2, NULL);
	CHECKF(rt_streq(oc, oc2) && rt_streq(detail.buf, detail2.buf),
	       "cases.txt:%d: [%s] unoptimised: %s %s", lineno, f[1], oc2, detail2.buf);
	opt.optimised = 1;

	/* ... and every order of the request ends the same way */
	for (i = 0; i < nreq; i++)
		idx[i] = i;
	while (next_permutation(idx, nreq)) {
		for (i = 0; i < nreq; i++)
			permuted[i] = reqs[idx[i]];
		oc2 = run(permuted, nreq, &opt, &detail2, NULL);
		if (rt_streq(oc, "cyclic"))
			oc2 = rt_streq(oc2, "cyclic") ? "cyclic" : oc2;
		CHECKF(rt_streq(oc, oc2), "cases.txt:%d: [%s] permuted: %s (%s)", lineno, f[1], oc2,
		       detail2.buf);
	}
	rt_buf_release(&detail);
	rt_buf_release(&detail2);
	rt_buf_release(&stat);
}

static void test_cases(void)
{
	struct rt_buf file = RT_BUF_INIT;
	char *p, *nl;
	int lineno = 0, ncases = 0;

	if (rt_buf_read_file(&file, "solver/cases.txt", 1 << 20) < 0) {
		CHECKF(0, "cannot read solver/cases.txt (run from tests/)");
		return;
	}
	for (p = file.buf; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		if (*p && *p != '#') {
			run_case(lineno, p);
			ncases++;
		}
	}
	CHECKF(ncases >= 90, "only %d cases", ncases);
	rt_buf_release(&file);
}

/* ---- hooks, limits, laziness, errors ---- */

static void test_result_fields(void)
{
	struct rt_solver_source src;
	struct memsrc m;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *req[] = { "pyfoo", ".eek-2+" };

	source_init(&src, &m);
	CHECK(rt_solve(&src, req, 1, NULL, &res, &err) == 0);
	CHECK(res.status == RT_SOLVER_SOLVED && res.nvariants == 2 && res.nephemerals == 0);
	if (res.nvariants == 2) {
		const struct rt_solver_variant *v = &res.variants[1];
		CHECK_STR(v->family, "pyfoo");
		CHECK_STR(rt_version_str(v->version), "3.1.0");
		CHECK(v->index == -1);
		CHECK(v->pkg && rt_streq(((const struct tpkg *)v->pkg)->version, "3.1.0"));
		CHECK(v->nrequires == 1 && rt_streq(v->requires[0], "python-2.6"));
		CHECK_STR(res.variants[0].family, "python");
	}
	CHECK(res.failure == NULL && res.failure_chain == NULL);
	/* only the families the solve touched were listed */
	CHECK(m.families_listed == 2);
	CHECK(res.stats.families_listed == 2 && res.stats.packages_loaded == m.packages_loaded);
	rt_solver_result_release(&res);

	/* ephemerals come out as requirement strings, merged */
	source_init(&src, &m);
	CHECK(rt_solve(&src, req, 2, NULL, &res, &err) == 0);
	CHECK(res.status == RT_SOLVER_SOLVED && res.nephemerals == 1);
	CHECK(res.nephemerals == 1 && rt_streq(res.ephemerals[0], ".eek-2+"));
	rt_solver_result_release(&res);
	{
		const char *r2[] = { "pyfoo-3.0", ".eek-4+" };
		source_init(&src, &m);
		CHECK(rt_solve(&src, r2, 2, NULL, &res, &err) == 0);
		CHECK(res.nephemerals == 1 && rt_streq(res.ephemerals[0], ".eek-4+"));
		rt_solver_result_release(&res);
	}
	rt_error_release(&err);
}

static void test_lazy(void)
{
	struct rt_solver_source src;
	struct memsrc m;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	const char *req[] = { "python-2.6" };

	source_init(&src, &m);
	CHECK(rt_solve(&src, req, 1, NULL, &res, NULL) == 0);
	CHECK(m.families_listed == 1 && rt_streq(m.listed[0], "python"));
	CHECK(m.packages_loaded == 2);          /* 2.6.0 and 2.6.8, not 2.5.2 nor 2.7.0 */
	rt_solver_result_release(&res);

	/* conflict and weak requests never read their family */
	{
		const char *r2[] = { "!python", "~pyfoo", "nada" };
		source_init(&src, &m);
		CHECK(rt_solve(&src, r2, 3, NULL, &res, NULL) == 0);
		CHECK(res.status == RT_SOLVER_SOLVED);
		CHECK(m.families_listed == 1 && rt_streq(m.listed[0], "nada"));
		rt_solver_result_release(&res);
	}
}

static int exclude_python27(void *ctx, const char *family, const struct rt_version *v, void *pkg,
			    struct rt_error *err)
{
	int *calls = ctx;
	(*calls)++;
	if (rt_streq(family, "python") && rt_streq(rt_version_str(v), "2.7.0"))
		return 1;
	if (rt_streq(family, "nada"))
		return rt_error(err, "filter: broken rule for '%s'", family);
	return 0;
}

static void test_filter(void)
{
	struct rt_solver_options opt = RT_SOLVER_OPTIONS_INIT;
	struct rt_buf d = RT_BUF_INIT;
	const char *r1[] = { "python" }, *r2[] = { "python-2.7" }, *r3[] = { "python", "nada" };
	const char *r4[] = { "python-2.5" };
	int calls = 0;

	opt.filter = exclude_python27;
	opt.filter_ctx = &calls;
	CHECK_STR(run(r1, 1, &opt, &d, NULL), "solved");
	CHECK_STR(d.buf, "python-2.6.8[]");
	CHECK(calls == 4);                      /* once per package, before loading */
	calls = 0;
	CHECK_STR(run(r2, 1, &opt, &d, NULL), "error");
	CHECK_STR(d.buf, "package could not be found: python-2.7");
	CHECK_STR(run(r3, 2, &opt, &d, NULL), "error");
	CHECK_STR(d.buf, "filter: broken rule for 'nada'");
	calls = 0;
	CHECK_STR(run(r4, 1, &opt, &d, NULL), "solved");
	CHECK(calls == 1);                      /* only packages in range are filtered */
	rt_buf_release(&d);
}

static void test_limits(void)
{
	struct rt_solver_options opt = RT_SOLVER_OPTIONS_INIT;
	struct rt_buf d = RT_BUF_INIT;
	struct rt_solver_stats st;
	const char *req[] = { "python", "pyodd" };

	opt.max_fails = 1;
	CHECK_STR(run(req, 2, &opt, &d, &st), "failed");
	CHECK(rt_starts_with(d.buf, "fail limit reached: aborted after 1 failures:\n"));
	CHECK(st.num_fails == 1);
	opt.max_fails = 3;
	CHECK_STR(run(req, 2, &opt, &d, NULL), "solved");
	CHECK_STR(d.buf, "python-2.6.8[] pybah-4[] pyodd-2[] .eek-1");

	opt.max_fails = -1;
	opt.time_limit = 0;
	CHECK_STR(run(req, 2, &opt, &d, &st), "aborted");
	CHECK_STR(d.buf, "time limit exceeded");
	CHECK(st.num_solves == 1);
	rt_buf_release(&d);
}

static void test_failure_chain(void)
{
	struct rt_solver_source src;
	struct memsrc m;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	const char *r1[] = { "pyfoo-3.1", "python-2.7+" }, *r2[] = { "python-2.5", "python-2.6" };
	const char *r3[] = { "pymum-3" };

	source_init(&src, &m);
	CHECK(rt_solve(&src, r1, 2, NULL, &res, NULL) == 0);
	CHECK(res.status == RT_SOLVER_FAILED && !res.cyclic);
	CHECK_STR(res.failure_chain, "request: python-2.7+\npyfoo-3.1.0[] requires python-2.6");
	rt_solver_result_release(&res);

	source_init(&src, &m);
	CHECK(rt_solve(&src, r2, 2, NULL, &res, NULL) == 0);
	CHECK_STR(res.failure, "The following package conflicts occurred: (python-2.5 <--!--> python-2.6)");
	CHECK_STR(res.failure_chain, "request: python-2.5\nrequest: python-2.6");
	CHECK(m.families_listed == 0);
	rt_solver_result_release(&res);

	source_init(&src, &m);
	CHECK(rt_solve(&src, r3, 1, NULL, &res, NULL) == 0);
	CHECK(res.status == RT_SOLVER_FAILED && res.cyclic);
	CHECK(res.nvariants == 0);
	rt_solver_result_release(&res);
}

static void test_errors(void)
{
	struct rt_solver_source src;
	struct memsrc m;
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	struct rt_error err = RT_ERROR_INIT;
	const char *bad[] = { "python", "foo-1+<<2" }, *py[] = { "pyfoo" };

	source_init(&src, &m);
	CHECK(rt_solve(&src, bad, 2, NULL, &res, &err) == -1);
	CHECK(rt_starts_with(rt_error_msg(&err), "invalid package request 'foo-1+<<2': "));
	CHECK(m.families_listed == 0);
	rt_solver_result_release(&res);

	source_init(&src, &m);
	m.fail_family = "python";
	CHECK(rt_solve(&src, py, 1, NULL, &res, &err) == -1);
	CHECK_STR(rt_error_msg(&err), "cannot read family 'python'");
	rt_solver_result_release(&res);

	source_init(&src, &m);
	m.bad_version_family = "python";
	CHECK(rt_solve(&src, py, 1, NULL, &res, &err) == -1);
	CHECK(strstr(rt_error_msg(&err), "1..2") != NULL);
	rt_solver_result_release(&res);

	source_init(&src, &m);
	m.bad_requires_family = "pyfoo";
	CHECK(rt_solve(&src, py, 1, NULL, &res, &err) == -1);
	CHECK(rt_starts_with(rt_error_msg(&err),
			     "package 'pyfoo-3.1.0': invalid requirement 'py thon': "));
	rt_solver_result_release(&res);

	/* with a search path, missing families name it, as Rez does */
	source_init(&src, &m);
	src.searched = "/a/packages; /b/packages";
	{
		const char *r[] = { "nosuch" };
		CHECK(rt_solve(&src, r, 1, NULL, &res, &err) == -1);
		CHECK_STR(rt_error_msg(&err),
			  "package family not found: nosuch (searched: /a/packages; /b/packages)");
	}
	rt_solver_result_release(&res);
	/* err may be NULL */
	source_init(&src, &m);
	CHECK(rt_solve(&src, bad, 2, NULL, &res, NULL) == -1);
	rt_solver_result_release(&res);
	rt_error_release(&err);
}

/* ---- a big synthetic repository: cost follows the families touched ---- */

struct bigsrc {
	size_t listed, loaded;
};

static int big_list(void *ctx, const char *family, struct rt_solver_sink *sink,
		    struct rt_error *err)
{
	struct bigsrc *b = ctx;
	char v[16];
	int i;
	b->listed++;
	if (family[0] != 'f')
		return 0;
	for (i = 0; i < 10; i++) {
		snprintf(v, sizeof(v), "%d.0", i);
		if (rt_solver_add_package(sink, v, (void *)(intptr_t)i, err) < 0)
			return -1;
	}
	return 0;
}

static int big_load(void *ctx, const char *family, void *pkg, struct rt_solver_sink *sink,
		    struct rt_error *err)
{
	struct bigsrc *b = ctx;
	int n = atoi(family + 1), ver = (int)(intptr_t)pkg;
	char r1[32], r2[32];
	const char *reqs[2] = { r1, r2 };
	b->loaded++;
	/* f<n> needs f<n+1> and f<n+2> in versions up to its own: a chain of 30 families */
	if (n >= 30)
		return 0;
	snprintf(r1, sizeof(r1), "f%04d-0+<%d.1", n + 1, ver);
	snprintf(r2, sizeof(r2), "f%04d", n + 2);
	rt_solver_set_requires(sink, reqs, 2);
	return 0;
}

static void test_big(void)
{
	struct bigsrc b = { 0, 0 };
	struct rt_solver_source src = { &b, big_list, big_load, NULL };
	struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
	const char *req[] = { "f0000-5" };
	struct rt_buf sb = RT_BUF_INIT;

	CHECK(rt_solve(&src, req, 1, NULL, &res, NULL) == 0);
	CHECK(res.status == RT_SOLVER_SOLVED);
	CHECK(b.listed == 32);                 /* f0000..f0031 of a 2000-family namespace */
	CHECK(res.nvariants == 32);
	if (res.nvariants == 32) {
		rt_solver_variant_format(&res.variants[31], &sb);
		CHECK_STR(sb.buf, "f0000-5.0[]");
		rt_buf_reset(&sb);
		rt_solver_variant_format(&res.variants[30], &sb);
		CHECK_STR(sb.buf, "f0001-5.0[]");
	}
	rt_buf_release(&sb);
	rt_solver_result_release(&res);
}

int main(void)
{
	test_cases();
	test_result_fields();
	test_lazy();
	test_filter();
	test_limits();
	test_failure_chain();
	test_errors();
	test_big();
	return tap_done();
}
