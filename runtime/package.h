/* package.h - a package definition validated against Rez's attribute schema.
 *
 * Input is the ordered data map a loader produced (interp/load.h for package.lua and
 * package.yaml). rt_package_new checks every known attribute's type (Rez's
 * package_resources.py schema, made stricter: `version` must be a string, lists must hold
 * strings, ...), parses name, version and the request lists, and keeps the whole map. Unknown
 * ("arbitrary") attributes are kept unchecked. Late-bound attributes (RT_FUNC with
 * RT_FN_LATE) stay functions in `data`; for requires/build_requires/private_build_requires/
 * tools the parsed list is then empty and the matching `late_*` flag is set.
 *
 * Normalisation (as Rez does on load): `description` and `changelog` are dedented and
 * stripped; an empty table given for `config` or `tests` becomes an empty map; a string given
 * for a commands-family attribute is expected to have been turned into an RT_FUNC by the
 * loader already.
 *
 * Errors name the file, the line of the attribute and the attribute:
 *     pkg/package.lua:12: attribute 'requires' must be a list of strings (got number)
 *     pkg/package.lua: missing attribute 'name'
 *
 * Ownership: rt_package_new takes ownership of `data` (also on failure); the package owns
 * everything it points to; free with rt_package_free. Getters return borrowed pointers. */
#ifndef RT_PACKAGE_H
#define RT_PACKAGE_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_version;
struct rt_request;
struct rt_buf;

struct rt_reqlist {
	struct rt_request **items;
	size_t len;
};

struct rt_package {
	char *name;
	struct rt_version *version;      /* the empty version for unversioned packages */
	char *file;                      /* definition file */
	char *base;                      /* package directory (the file's directory) */
	struct rt_value *data;           /* validated, ordered attribute map (name, version... ) */
	struct rt_reqlist requires, build_requires, private_build_requires;
	struct rt_reqlist *variants;     /* n_variants request lists */
	size_t n_variants;
	char **tools;
	size_t n_tools;
	unsigned late_requires : 1, late_build_requires : 1, late_private_build_requires : 1,
		 late_tools : 1;
	/* The @late request lists (requires, build_requires, private_build_requires) were
	 * evaluated outside a context (as Rez's solver reads them) and their lists filled in by
	 * rt_package_set_late_reqs; `data` still holds the functions. */
	unsigned late_evaluated : 1;
};

/* Validates `data` (an RT_MAP, taken) from `file`; base defaults to file's directory when
 * NULL. Returns the package or NULL with err set. */
struct rt_package *rt_package_new(struct rt_value *data, const char *file, const char *base,
				  struct rt_error *err);
void rt_package_free(struct rt_package *p);

/* An attribute's value in `data` (NULL when absent). */
const struct rt_value *rt_package_get(const struct rt_package *p, const char *attr);
/* "name-version", or "name" for an unversioned package. */
void rt_package_qualified_name(const struct rt_package *p, struct rt_buf *out);

/* Is `attr` one of Rez's release attributes (hidden by `rez view` unless --all)? */
int rt_package_is_release_attr(const char *attr);
/* Rez's preferred order of the first attributes when a package is printed; NULL-terminated. */
extern const char *const rt_package_key_order[];

/* Rez's hashed variant directory name (hashed_variants = true): the lowercase hex SHA-1 of
 * Python's repr() of the list of the variant's canonical requirement strings, e.g. for
 * variant {"dep-1"} the SHA-1 of "['dep-1']" = c5702d396976541db0dc5f6ec5d76ada317c0b37.
 * `reqs` are canonical request strings (rt_request_format), as the package cache keeps them. */
void rt_package_variant_hash(const char *const *reqs, size_t n, char hex[41]);
/* The same for variant `index` of `p`, appended to out (no leading '/'); nothing for an
 * index out of range. Does not look at `hashed_variants` (see rt_package_variant_subpath). */
void rt_package_hashed_variant_subpath(const struct rt_package *p, size_t index,
				       struct rt_buf *out);
/* The variant's directory below the package's base, as Rez lays installs out: the hash above
 * when the package sets hashed_variants, else its canonical requirement strings joined with
 * '/'. Appended to out; nothing for an index out of range. Short links (_v/<letter>) are
 * not consulted here. */
void rt_package_variant_subpath(const struct rt_package *p, size_t index, struct rt_buf *out);
/* Is hashed_variants set to true? */
int rt_package_hashed_variants(const struct rt_package *p);

/* Fills in the evaluated value `v` of the @late request list `attr` (requires,
 * build_requires or private_build_requires): it must be a list of request strings. Errors
 * name the file and line of the attribute. Sets nothing else (the caller sets
 * late_evaluated once every late list is in). */
int rt_package_set_late_reqs(struct rt_package *p, const char *attr, const struct rt_value *v,
			     struct rt_error *err);

/* Frees a request list's items (not the struct itself). */
void rt_reqlist_release(struct rt_reqlist *l);

#endif
