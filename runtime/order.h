/* order.h - package orderers: which version of a family the solver tries first (Rez's
 * package_order.py, setting `package_orderers`).
 *
 * An orderer list is read from the setting's value (a list of maps, Rez's "pod" form; the old
 * [type, {data}] pair form too) and written back in the same form into .rxt files. Types, as
 * Rez 3.4 registers them:
 *     no_order        {packages}                          keeps the listing order
 *     sorted          {descending, packages}              by version (descending: latest first)
 *     version_split   {first_version, packages}           versions <= first_version first
 *     soft_timestamp  {timestamp, rank?, packages}        packages released before timestamp
 *                                                         first; with rank, newer versions
 *                                                         that only change at rank or below
 *     per_family      {orderers: [{type.., packages}], default_order?}
 * `packages` (a string or a list; absent: every family, "*") names the families an orderer
 * applies to. For a family the list gives the first orderer naming it, else the first naming
 * "*", else the default: sorted descending (Rez's get_orderer). A per_family orderer names
 * the families of its `orderers` (so its default_order is never chosen through a list, as in
 * Rez).
 *
 * Comparing: a keyer (rt_order_keyer_init) resolves the orderer for one family, through
 * per_family, and, for soft_timestamp, finds the first version released after the timestamp
 * from the family's versions and timestamps. rt_order_keyer_cmp then compares two versions by
 * Rez's sort key (greater = preferred); rt_order_keyer_range_cmp compares two ranges bound by
 * bound as Rez's sort_key(range) does (used to sort variants by their requirements).
 *
 * Errors name the setting: "package_orderers[2]: unknown orderer type 'custom' (...)".
 * Ownership: lists are freed with rt_order_list_free; keyers with rt_order_keyer_release. */
#ifndef RT_ORDER_H
#define RT_ORDER_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_value;
struct rt_buf;
struct rt_version;
struct rt_range;
struct rt_order;
struct rt_order_list;

/* `v`: a list (NULL or null: an empty list). `what` names the source in messages. */
struct rt_order_list *rt_order_list_from_value(const struct rt_value *v, const char *what,
					       struct rt_error *err);
void rt_order_list_free(struct rt_order_list *l);
size_t rt_order_list_len(const struct rt_order_list *l);
const struct rt_order *rt_order_list_at(const struct rt_order_list *l, size_t i);
/* Rez's to_pod: a new list value (empty list for an empty orderer list). */
struct rt_value *rt_order_list_to_value(const struct rt_order_list *l);
/* The orderer for `family` (Rez's get_orderer), or NULL for the default (sorted descending). */
const struct rt_order *rt_order_list_get(const struct rt_order_list *l, const char *family);
/* Rez's repr, e.g. "VersionSplitPackageOrder(2.6.0)" ("SortedOrder(True)" for NULL). */
void rt_order_repr(const struct rt_order *o, struct rt_buf *out);

struct rt_order_keyer {
	const struct rt_order *leaf;       /* NULL: sorted descending */
	struct rt_version *first_after;    /* soft_timestamp; NULL: every version is before */
};

/* Whether keying `family` under `o` needs the family's timestamps (soft_timestamp). */
int rt_order_needs_timestamps(const struct rt_order *o, const char *family);
/* versions: the family's versions, latest first, with their `timestamp` attributes (0:
 * none); only read for soft_timestamp (may be NULL otherwise). */
void rt_order_keyer_init(struct rt_order_keyer *k, const struct rt_order *o, const char *family,
			 const struct rt_version *const *versions, const long long *timestamps,
			 size_t n);
void rt_order_keyer_release(struct rt_order_keyer *k);
/* <0, 0, >0 by the orderer's key (the preferred version is the greater); NULL = infinity. */
int rt_order_keyer_cmp(const struct rt_order_keyer *k, const struct rt_version *a,
		       const struct rt_version *b);
/* Ranges, bound by bound: (lower key, -2 inclusive / -1), (upper key, 2 inclusive / 1). */
int rt_order_keyer_range_cmp(const struct rt_order_keyer *k, const struct rt_range *a,
			     const struct rt_range *b);

#endif
