/* solver.h - Rez's package solver: a request in, an ordered list of variants out.
 *
 * Semantics are Rez 3.4's (solver.py): one "scope" per requested family holding its candidate
 * variants; a phase repeatedly extracts requirements common to all candidates of a scope,
 * intersects them with the other scopes (adding scopes for new families), and removes
 * candidates whose requirements conflict with another scope ("reduce"); when nothing more can
 * be deduced the phase is split in two on its first splittable scope and the preferred half is
 * solved first (depth-first, with a stack). Candidates are ordered latest version first and,
 * within a package, by `variant_select_mode`. The result order is Rez's: dependencies before
 * their dependents, otherwise request order, then the other families alphabetically. See
 * docs/resolver.md.
 *
 * The solver never touches the filesystem: packages come from a `struct rt_solver_source`
 * whose callbacks are called lazily — only the families the solve reaches are listed, and only
 * the packages whose version falls in a range the solve asks for (and that the filter keeps)
 * are loaded. It never prints.
 *
 * Calling sequence:
 *     struct rt_solver_options opt = RT_SOLVER_OPTIONS_INIT;
 *     struct rt_solver_result res = RT_SOLVER_RESULT_INIT;
 *     if (rt_solve(&source, requests, n, &opt, &res, &err) < 0)
 *         ... a hard error (bad request, missing package, source failure): err holds it
 *     else if (res.status != RT_SOLVER_SOLVED)
 *         ... res.failure explains the failed/aborted solve
 *     rt_solver_result_release(&res);
 */
#ifndef RT_SOLVER_H
#define RT_SOLVER_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_version;
struct rt_buf;
struct rt_order_list;

/* ---- the package source ----
 *
 * Opaque to sources: passed to their callbacks, which describe packages through it. */
struct rt_solver_sink;

struct rt_solver_source {
	void *ctx;
	/* Describes family `family`: calls rt_solver_add_package() once per package (any order;
	 * when two packages have the same version the first added wins, as with repositories
	 * searched in order). Adding none means the family does not exist. Returns 0, or -1 with
	 * `err` set. Called at most once per family and solve. */
	int (*list_family)(void *ctx, const char *family, struct rt_solver_sink *sink,
			   struct rt_error *err);
	/* Loads package `pkg` (a handle given to rt_solver_add_package) of `family`: calls
	 * rt_solver_set_requires(), rt_solver_set_build_requires() and rt_solver_add_variant() as
	 * needed (a package that adds no variant has one variant, index -1). Returns 0, or -1
	 * with `err` set. Called at most once per package and solve. */
	int (*load_package)(void *ctx, const char *family, void *pkg, struct rt_solver_sink *sink,
			    struct rt_error *err);
	/* Where packages are looked for, named in "package family not found" errors
	 * (e.g. "/a/packages; /b/packages"); may be NULL. */
	const char *searched;
};

/* For list_family: one package. `version` is parsed by the solver ("" = unversioned);
 * `pkg` is the source's own handle, given back to load_package and in the result. Returns 0,
 * or -1 with `err` set when the version is invalid. */
int rt_solver_add_package(struct rt_solver_sink *sink, const char *version, void *pkg,
			  struct rt_error *err);
/* For load_package: the package's `requires` / `build_requires`, and one variant with its
 * own extra requirements. Strings are copied (and parsed after the callback returns). */
void rt_solver_set_requires(struct rt_solver_sink *sink, const char *const *reqs, size_t n);
void rt_solver_set_build_requires(struct rt_solver_sink *sink, const char *const *reqs, size_t n);
void rt_solver_add_variant(struct rt_solver_sink *sink, int index, const char *const *reqs,
			   size_t n);
/* The build_requires of the variant added last, in place of the package's (an @late
 * build_requires, which Rez evaluates per variant). */
void rt_solver_set_variant_build_requires(struct rt_solver_sink *sink, const char *const *reqs,
					  size_t n);

/* ---- options ---- */

enum rt_variant_select_mode {
	RT_VARIANT_SELECT_VERSION_PRIORITY,        /* Rez's default */
	RT_VARIANT_SELECT_INTERSECTION_PRIORITY
};

/* Package filter hook (runtime/filter.c provides one): returns 1 to exclude the package, 0 to
 * keep it, -1 with `err` set on error. Called at most once per package, before it is loaded,
 * and only for packages whose version a scope asks for. */
typedef int (*rt_solver_filter_fn)(void *ctx, const char *family,
				   const struct rt_version *version, void *pkg,
				   struct rt_error *err);

struct rt_solver_options {
	enum rt_variant_select_mode variant_select_mode;
	int building;            /* add each variant's build_requires */
	/* A variant needing a family that does not exist is a hard error (Rez's default); when 0
	 * that phase fails instead and other variants are tried. */
	int error_on_missing_variant_requires;
	long max_fails;          /* stop after this many failed phases; -1: no limit */
	double time_limit;       /* seconds; stop (aborted) after it; < 0: no limit */
	int optimised;           /* 0: Rez's unoptimised mode, for tests; same result, slower */
	rt_solver_filter_fn filter;
	void *filter_ctx;
	/* Package orderers (runtime/order.h; borrowed): the order a family's versions are tried
	 * in and the keys variants are sorted by. NULL: latest first. */
	const struct rt_order_list *orderers;
	/* The `timestamp` attribute (0: none) of package `pkg` (a handle) of `family`, for
	 * soft_timestamp orderers; NULL: every package counts as untimestamped. */
	int (*timestamp)(void *ctx, const char *family, void *pkg, long long *ts,
			 struct rt_error *err);
	void *timestamp_ctx;
	/* Solver trace (rez env -v): called with one line per event; level 1 for each solve
	 * step's outcome (failed, split, solved), 2 adds the phase's scopes as it starts. */
	void (*trace)(void *ud, int level, const char *line);
	void *trace_ud;
};

#define RT_SOLVER_OPTIONS_INIT { RT_VARIANT_SELECT_VERSION_PRIORITY, 0, 1, -1, -1.0, 1, NULL, NULL, \
				 NULL, NULL, NULL, NULL, NULL }

/* ---- result ---- */

enum rt_solver_status {
	RT_SOLVER_SOLVED,
	RT_SOLVER_FAILED,        /* no solution (or the fail limit was reached) */
	RT_SOLVER_ABORTED        /* the time limit was reached */
};

struct rt_solver_variant {
	char *family;
	struct rt_version *version;   /* owned */
	int index;                    /* -1: the package has no variants */
	void *pkg;                    /* the source's handle */
	char **requires;              /* the variant's merged requirements (canonical strings) */
	size_t nrequires;
};

struct rt_solver_stats {
	size_t num_solves;            /* solve steps run, failures included */
	size_t num_fails;
	size_t num_extractions, num_intersections, num_reductions;
	size_t families_listed, packages_loaded;
	double solve_time;            /* seconds */
};

struct rt_solver_result {
	enum rt_solver_status status;
	struct rt_solver_variant *variants;   /* resolve order */
	size_t nvariants;
	char **ephemerals;                    /* e.g. ".foo-1", in resolve order */
	size_t nephemerals;
	/* When not solved: Rez's failure description, e.g.
	 *   "The following package conflicts occurred: (python-2.6 <--!--> python-2.7+)"
	 * and, for failures with one, the chain that led to the conflict, one line per link
	 * ("pyfoo-3.1.0 requires python-2.6"); NULL when there is none. */
	char *failure;
	char *failure_chain;
	int cyclic;                           /* failed on a dependency cycle */
	struct rt_solver_stats stats;
};

#define RT_SOLVER_RESULT_INIT { RT_SOLVER_FAILED, NULL, 0, NULL, 0, NULL, NULL, 0, { 0 } }

/* Solves `requests` (request strings: "foo-1+", "~bar", "!baz", ".eph-2"; implicit packages
 * are simply appended by the caller) against `src`. Returns 0 when the solve ran — then
 * `out->status` says how it ended — or -1 with `err` set on a hard error: an invalid request
 * or requirement, a family or package that does not exist, a package whose own requirements
 * conflict, a source or filter error. `out` must be RT_SOLVER_RESULT_INIT (or released); it
 * is filled in both cases as far as it got. */
int rt_solve(const struct rt_solver_source *src, const char *const *requests, size_t nrequests,
	     const struct rt_solver_options *opt, struct rt_solver_result *out,
	     struct rt_error *err);

void rt_solver_result_release(struct rt_solver_result *res);

/* "foo-1.2[0]", "foo-1.2[]", "nada[]" (Rez's form for a resolved variant). */
void rt_solver_variant_format(const struct rt_solver_variant *v, struct rt_buf *out);

#endif
