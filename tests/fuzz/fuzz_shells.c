/* fuzz_shells.c - libFuzzer target for the shell emitters (runtime/shell.h): a random action
 * list, decoded from the input, is emitted for every shell. Invariants: an emitter succeeds
 * or fails with a message naming what it cannot write; in the POSIX shells (sh, bash, zsh,
 * ksh) the word written for each setenv, decoded with the shell's quoting rules (single
 * quotes, double quotes with \ escapes, ${NAME}), gives back exactly the action's text and
 * references, and quote_arg's word decodes to the argument exactly.
 *
 * Input: records of [op byte][len byte][len bytes]. In a value, byte 0x01 followed by a byte
 * is a reference to one of four variable names; NUL bytes become 'x' (no value holds NUL). */
#include "runtime/common.h"

#include <stdio.h>
#include "runtime/action.h"
#include "runtime/buf.h"
#include "runtime/error.h"
#include "runtime/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "PATH", "FOO", "REZ_X", "lower_v" };

static void to_vstr(const uint8_t *p, size_t n, struct rt_vstr *v)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == 1 && i + 1 < n) {
			rt_vstr_add_ref(v, names[p[++i] & 3]);
		} else {
			char c = p[i] ? (char)p[i] : 'x';
			rt_vstr_add_text(v, &c, 1);
		}
	}
}

/* Decodes one POSIX shell word at *pp (stops at an unquoted blank, newline or ';'). Returns
 * -1 on a quoting error (an unterminated quote). */
static int posix_decode(const char **pp, const char *end, struct rt_vstr *v)
{
	const char *p = *pp;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != ';') {
		if (*p == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (!q)
				return -1;
			rt_vstr_add_text(v, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (*p == '"') {
			p++;
			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end && strchr("$`\"\\\n", p[1])) {
					rt_vstr_add_text(v, p + 1, 1);
					p += 2;
				} else if (*p == '$' && p + 1 < end && p[1] == '{') {
					const char *q = memchr(p, '}', (size_t)(end - p));
					char *name;
					if (!q)
						return -1;
					name = rt_xmemdupz(p + 2, (size_t)(q - p - 2));
					rt_vstr_add_ref(v, name);
					free(name);
					p = q + 1;
				} else if (*p == '$' || *p == '`') {
					return -1;   /* an expansion the emitter never means to write */
				} else {
					rt_vstr_add_text(v, p, 1);
					p++;
				}
			}
			if (p >= end)
				return -1;
			p++;
		} else if (*p == '\\' && p + 1 < end) {
			rt_vstr_add_text(v, p + 1, 1);
			p += 2;
		} else if (strchr("$`|&<>()*?[#~{}", *p)) {
			return -1;   /* unquoted special character */
		} else {
			rt_vstr_add_text(v, p, 1);
			p++;
		}
	}
	*pp = p;
	return 0;
}

static int vstr_equal(const struct rt_vstr *a, const struct rt_vstr *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->parts[i].kind != b->parts[i].kind || a->parts[i].len != b->parts[i].len ||
		    memcmp(a->parts[i].text, b->parts[i].text, a->parts[i].len) != 0)
			return 0;
	return 1;
}

static int is_posix(const char *name)
{
	return rt_streq(name, "sh") || rt_streq(name, "bash") || rt_streq(name, "zsh") ||
	       rt_streq(name, "ksh");
}

/* Emits `export KEY=value` alone and checks the word decodes to the value. */
static void check_setenv(const struct rt_shell *sh, const char *key, const struct rt_vstr *value)
{
	struct rt_actions one = RT_ACTIONS_INIT;
	struct rt_action *a = rt_actions_add(&one, RT_ACT_SETENV);
	struct rt_buf out = RT_BUF_INIT, needle = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	a->key = rt_xstrdup(key);
	rt_vstr_copy(&a->value, value);
	if (rt_shell_emit(sh, &one, NULL, &out, &err) == 0) {
		const char *p;
		struct rt_vstr got = RT_VSTR_INIT;
		rt_buf_addf(&needle, "export %s=", key);
		p = strstr(out.buf, needle.buf);
		if (!p)
			abort();
		p += needle.len;
		if (posix_decode(&p, out.buf + out.len, &got) < 0 || *p != '\n' ||
		    !vstr_equal(&got, value)) {
			fprintf(stderr, "%s: setenv word does not decode to the value:\n%s\n", sh->name,
				out.buf);
			abort();
		}
		rt_vstr_release(&got);
	} else {
		rt_error_release(&err);
	}
	rt_buf_release(&out);
	rt_buf_release(&needle);
	rt_actions_release(&one);
}

static void check_quote_arg(const struct rt_shell *sh, const char *s, size_t len)
{
	struct rt_buf out = RT_BUF_INIT;
	struct rt_error err = RT_ERROR_INIT;
	if (sh->quote_arg(s, len, &out, &err) == 0) {
		const char *p = out.buf;
		struct rt_vstr got = RT_VSTR_INIT, want = RT_VSTR_INIT;
		rt_vstr_add_text(&want, s, len);
		if (posix_decode(&p, out.buf + out.len, &got) < 0 || p != out.buf + out.len ||
		    !vstr_equal(&got, &want)) {
			fprintf(stderr, "%s: quote_arg word '%s' does not decode to its argument\n",
				sh->name, out.buf);
			abort();
		}
		rt_vstr_release(&got);
		rt_vstr_release(&want);
	} else {
		rt_error_release(&err);
	}
	rt_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rt_actions acts = RT_ACTIONS_INIT;
	size_t i = 0;

	while (i + 2 <= size && acts.n < 64) {
		unsigned op = data[i] % 11;
		size_t n = data[i + 1];
		const uint8_t *p = data + i + 2;
		struct rt_action *a;
		if (n > size - i - 2)
			n = size - i - 2;
		i += 2 + n;
		switch (op) {
		case 0: a = rt_actions_add(&acts, RT_ACT_SETENV); break;
		case 1: a = rt_actions_add(&acts, RT_ACT_UNSETENV); break;
		case 2: a = rt_actions_add(&acts, RT_ACT_RESETENV); break;
		case 3: a = rt_actions_add(&acts, RT_ACT_PREPENDENV); break;
		case 4: a = rt_actions_add(&acts, RT_ACT_APPENDENV); break;
		case 5: a = rt_actions_add(&acts, RT_ACT_INFO); break;
		case 6: a = rt_actions_add(&acts, RT_ACT_ERROR); break;
		case 7: a = rt_actions_add(&acts, RT_ACT_COMMENT); break;
		case 8: a = rt_actions_add(&acts, RT_ACT_SOURCE); break;
		case 9: a = rt_actions_add(&acts, RT_ACT_ALIAS); break;
		default: a = rt_actions_add(&acts, RT_ACT_COMMAND); break;
		}
		if (op <= 4 || op == 9)
			a->key = rt_xstrdup(op == 9 ? "al_ias" : names[n & 3]);
		if (op == 3 || op == 4) {
			a->sep = rt_xstrdup(n & 4 ? ":" : ";");
			a->guard = (int)(n & 8);
		}
		if (op == 7 || op == 9 || op == 10) {
			/* Code-bearing text is shell code by design: an argument list the emitters
			 * quote themselves instead, for commands. */
			if (op == 10) {
				a->argc = 2;
				a->argv = rt_xcalloc(3, sizeof(char *));
				a->argv[0] = rt_xstrdup("echo");
				a->argv[1] = rt_xmemdupz(p, n);
				for (size_t k = 0; k < n; k++)
					if (!a->argv[1][k])
						a->argv[1][k] = 'x';
			} else {
				a->text = rt_xstrdup(op == 9 ? "echo" : "a comment");
			}
		} else if (op != 1) {
			to_vstr(p, n, &a->value);
		}
	}
	for (const char *const *name = rt_shell_names(); *name; name++) {
		struct rt_error err = RT_ERROR_INIT;
		const struct rt_shell *sh = rt_shell_find(*name, &err);
		struct rt_buf out = RT_BUF_INIT;
		struct rt_emit_opts eo = { "/bin/sh", RT_LAYOUT_REZ };
		if (!sh)
			abort();
		if (rt_shell_emit(sh, &acts, &eo, &out, &err) < 0) {
			if (!err.msg)
				abort();
			rt_error_release(&err);
		} else if (memchr(out.buf, '\0', out.len)) {
			abort();
		}
		rt_buf_release(&out);
		if (is_posix(sh->name)) {
			for (size_t k = 0; k < acts.n; k++) {
				struct rt_action *a = &acts.v[k];
				if (a->kind == RT_ACT_SETENV)
					check_setenv(sh, a->key, &a->value);
				if (a->kind == RT_ACT_COMMAND)
					check_quote_arg(sh, a->argv[1], strlen(a->argv[1]));
			}
		}
	}
	rt_actions_release(&acts);
	return 0;
}
