/* yaml.h - YAML text <-> rt_value trees (libyaml underneath), for package.yaml and config files.
 *
 * Parsing follows what Python's yaml.safe_load gives Rez (YAML 1.1 resolution of plain
 * scalars), so a package.yaml or rezconfig file means the same thing to rez-lua as to Rez:
 *   - mappings -> RT_MAP in document order, sequences -> RT_LIST;
 *   - plain scalars: null / Null / NULL / ~ / empty -> RT_NULL;
 *     true/false/yes/no/on/off (and their Capitalised / UPPER forms) -> RT_BOOL;
 *     decimal, 0x hex, 0b binary, 0-prefixed and 0o octal, sexagesimal (1:30) ints -> RT_INT
 *     (underscores allowed, as YAML 1.1; "0o" is accepted on top of PyYAML for YAML 1.2 users);
 *     floats need a '.' as in PyYAML ("1.5", "1.0e+3", ".inf", ".nan"; "1e3" stays a string);
 *     everything else (timestamps included) -> RT_STR;
 *   - quoted scalars and scalars tagged "!" or "!!str" are always strings; "!!int", "!!float",
 *     "!!bool", "!!null" force a type (an unparsable value is an error);
 *   - a mapping tagged "!modify" becomes the list-modifier form {"!modify": {...}} that the
 *     configuration merger understands (see config.h); any other unknown tag is an error;
 *   - anchors and aliases are copied (an alias to an unfinished node is an error), the merge key
 *     "<<" works as in PyYAML (explicit keys win); at most RT_YAML_MAX_NODES values may be
 *     produced in total and nesting is limited to RT_YAML_MAX_DEPTH, so an alias bomb fails
 *     quickly with an error instead of eating memory;
 *   - every value's `line` is its 1-based start line.
 * Errors are reported as "FILE:LINE:COL: message": syntax errors, invalid UTF-8, duplicate
 * keys, non-string mapping keys (e.g. an unquoted `yes:` or `1:`), more than one document.
 * An empty document gives RT_NULL.
 *
 * Emitting writes readable block-style YAML that parses back to an equal tree: strings that
 * would resolve to another type when plain ("yes", "1.0", "", "null") are quoted, multi-line
 * strings use the literal block style, maps keep their order, RT_FUNC values are written as
 * their source text. */
#ifndef RT_YAML_H
#define RT_YAML_H

#include "runtime/common.h"
#include "runtime/error.h"

struct rt_buf;
struct rt_value;

#define RT_YAML_MAX_NODES (1u << 20)
#define RT_YAML_MAX_DEPTH 256

/* Parses text[0..len) (need not be NUL-terminated); `filename` is used in messages only.
 * Returns a new tree owned by the caller (free with rt_value_free), or NULL with err set. */
struct rt_value *rt_yaml_parse(const char *text, size_t len, const char *filename,
			       struct rt_error *err);

/* Appends the YAML rendering of v (a document without "---"/"..." markers, ending in a
 * newline) to out. Returns 0, or -1 with err set (only on an internal emitter failure, or a
 * float that cannot be represented, which does not happen for finite/inf/nan values). */
int rt_yaml_emit(const struct rt_value *v, struct rt_buf *out, struct rt_error *err);

/* 1 when the string would be read back as something other than a string if written as a
 * plain YAML scalar ("yes", "12", "~", "1.5", ""...). Exposed for the tests and for callers
 * that print single values. */
int rt_yaml_plain_is_special(const char *s, size_t len);

#endif
